package io.keyrotation.sandbox.keyvault;

import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.time.Duration;
import javax.net.ssl.SSLException;

/** Builds the unmodified Azure clients against the stand-ins, trusting only the sandbox certificate. */
final class StandInClients {
  private StandInClients() {}

  static HttpClient httpClient(SandboxTls tls) {
    try {
      SslContext ssl = SslContextBuilder.forClient().trustManager(tls.certificate()).build();
      return new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(ssl))).build();
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  static ClientSecretCredential credential(AzureAdStandIn aad, HttpClient http, String tenantId, String clientId, String secret) {
    return new ClientSecretCredentialBuilder()
        .authorityHost(aad.authorityHost().toString())
        .disableInstanceDiscovery()
        .tenantId(tenantId)
        .clientId(clientId)
        .clientSecret(secret)
        .httpClient(http)
        .build();
  }

  static KeyClient keyClient(KeyVaultStandIn vault, HttpClient http, ClientSecretCredential credential) {
    return new KeyClientBuilder()
        .vaultUrl(vault.vaultUrl().toString())
        .credential(credential)
        .httpClient(http)
        .disableChallengeResourceVerification()
        .retryOptions(new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(0)))
        .buildClient();
  }

  static Duration shortly() {
    return Duration.ofSeconds(5);
  }
}

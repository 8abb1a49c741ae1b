package io.keyrotation.operator.principal;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.FixedDelay;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import io.keyrotation.operator.keyvault.KeyVaultSettings;
import io.keyrotation.operator.keyvault.TrustedCertificates;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLException;

/**
 * {@link SecretVerifier} with the Azure SDK: a {@code ClientSecretCredential} for the new secret
 * (a fresh one each time: no token cached from the old secret can make a bad secret look good) and
 * a remote {@code wrapKey}/{@code unwrapKey} round trip on the key, as the connector does.
 */
public final class KeyVaultSecretVerifier implements SecretVerifier {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final KeyVaultSettings settings;
  private final HttpClient httpClient;

  public KeyVaultSecretVerifier(KeyVaultSettings settings) {
    this.settings = settings;
    NettyAsyncHttpClientBuilder builder = settings.extraTrustedCaFile().isEmpty() ? new NettyAsyncHttpClientBuilder()
        : new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(sslContext())));
    this.httpClient = builder.responseTimeout(Duration.ofSeconds(30)).build();
  }

  @Override
  public void verify(String tenantId, String clientId, String secret, String vaultUrl, String keyName) {
    String what = "the new client secret of application " + clientId + " with key '" + keyName + "' in " + vaultUrl;
    try {
      ClientSecretCredentialBuilder credential = new ClientSecretCredentialBuilder().authorityHost(settings.authorityHost().toString())
          .tenantId(tenantId).clientId(clientId).clientSecret(secret).httpClient(httpClient).addPolicy(settings.userAgent());
      if (settings.disableInstanceDiscovery()) {
        credential.disableInstanceDiscovery();
      }
      CryptographyClient crypto = cryptography(credential.build(), vaultUrl, keyName);
      byte[] sample = new byte[32];
      RANDOM.nextBytes(sample);
      byte[] wrapped = crypto.wrapKey(KeyWrapAlgorithm.RSA_OAEP, sample).getEncryptedKey();
      byte[] unwrapped = crypto.unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrapped).getKey();
      if (!Arrays.equals(sample, unwrapped)) {
        throw new GatewayException(FailureReason.Conflict, "Verifying " + what + ": unwrapKey did not return what wrapKey wrapped.");
      }
    } catch (GatewayException e) {
      throw e;
    } catch (RuntimeException e) {
      throw classify(e, what, secret);
    }
  }

  private CryptographyClient cryptography(TokenCredential credential, String vaultUrl, String keyName) {
    String base = vaultUrl.endsWith("/") ? vaultUrl.substring(0, vaultUrl.length() - 1) : vaultUrl;
    CryptographyClientBuilder builder = new CryptographyClientBuilder().keyIdentifier(base + "/keys/" + keyName)
        .credential(credential).httpClient(httpClient).addPolicy(settings.userAgent()).disableKeyCaching()
        .retryPolicy(new RetryPolicy(new FixedDelay(0, Duration.ZERO)));
    if (settings.disableChallengeResourceVerification()) {
      builder.disableChallengeResourceVerification();
    }
    return builder.buildClient();
  }

  private static GatewayException classify(RuntimeException e, String what, String secret) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage() == null ? "" : t.getMessage().replace(secret, "<redacted>");
      if (message.contains("AADSTS")) {
        int start = message.indexOf("AADSTS");
        String aad = message.substring(start, Math.min(message.length(), start + 160)).split("\\R")[0];
        return new GatewayException(FailureReason.Unauthenticated, "Azure AD does not accept " + what + " (" + aad + "). A new "
            + "secret can take a while before every sign-in node knows it; the operator retries for a bounded time.", e);
      }
      if (t instanceof HttpResponseException http && http.getResponse() != null) {
        int status = http.getResponse().getStatusCode();
        FailureReason reason = status == 401 ? FailureReason.Unauthenticated : status == 403 ? FailureReason.Forbidden
            : status == 404 ? FailureReason.NotFound : status == 429 ? FailureReason.Throttled : FailureReason.Unavailable;
        return new GatewayException(reason, "Key Vault refused " + what + " (HTTP " + status + "). The application needs the key "
            + "permissions get, wrapKey and unwrapKey on the key (as the SQL Server Connector does).", e);
      }
    }
    return new GatewayException(FailureReason.Unavailable, "Could not verify " + what + " (" + e.getClass().getSimpleName() + ").", e);
  }

  private io.netty.handler.ssl.SslContext sslContext() {
    try {
      return SslContextBuilder.forClient().trustManager(TrustedCertificates.withExtraCa(settings.extraTrustedCaFile().get())).build();
    } catch (SSLException e) {
      throw new GatewayException(FailureReason.InvalidSpec, "Cannot set up TLS with the extra CA file: " + e.getMessage(), e);
    }
  }
}

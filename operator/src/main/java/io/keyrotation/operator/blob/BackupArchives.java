package io.keyrotation.operator.blob;

import io.keyrotation.operator.metrics.ExternalCallPolicy;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.keyrotation.operator.keyvault.AzureCredentials;
import io.keyrotation.operator.keyvault.AzureIdentity;
import io.keyrotation.operator.keyvault.KeyVaultRetry;
import io.keyrotation.operator.keyvault.KeyVaultSettings;
import io.keyrotation.operator.keyvault.TrustedCertificates;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * Builds one {@link BackupArchive} per (container URL, prefix, identity) with the Key Vault gateways'
 * credential model: a token credential against the configured authority (never an account key), the
 * JVM's CAs plus the operator's extra CA, the same retry bounds. One per operator process.
 */
public final class BackupArchives {
  private record CacheKey(URI container, String prefix, AzureIdentity identity) {}

  private final KeyVaultSettings settings;
  private final HttpClient httpClient;
  private final Map<AzureIdentity, TokenCredential> credentials = new ConcurrentHashMap<>();
  private final Map<CacheKey, BackupArchive> archives = new ConcurrentHashMap<>();

  public BackupArchives(KeyVaultSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.httpClient = httpClient(settings);
  }

  /** {@code containerUrl}: {@code https://<account>.blob.core.windows.net/<container>} (or path-style with the account). */
  public BackupArchive archiveFor(URI containerUrl, String prefix, AzureIdentity identity) {
    if (!"https".equalsIgnoreCase(containerUrl.getScheme()) || containerUrl.getHost() == null || containerUrl.getRawQuery() != null) {
      throw new GatewayException(FailureReason.InvalidSpec, "'" + containerUrl + "' is not a Blob container URL: expected "
          + "https://<account>.blob.core.windows.net/<container>, without query (bearer tokens travel only over https).");
    }
    URI container = URI.create(containerUrl.toString().replaceAll("/+$", ""));
    return archives.computeIfAbsent(new CacheKey(container, prefix == null ? "" : prefix, identity), key ->
        new AzureBlobArchive(new BlobContainerClientBuilder()
            .endpoint(key.container().toString())
            .credential(credentials.computeIfAbsent(key.identity(), this::credentialFor))
            .httpClient(httpClient)
            .retryOptions(retryOptions(settings.retry()))
            .addPolicy(settings.userAgent())
            .addPolicy(ExternalCallPolicy.blob())
            .buildClient(), key.container(), key.prefix()));
  }

  private TokenCredential credentialFor(AzureIdentity identity) {
    return AzureCredentials.of(identity, settings.authorityHost(), settings.disableInstanceDiscovery(), httpClient,
        settings.userAgent());
  }

  private static RequestRetryOptions retryOptions(KeyVaultRetry retry) {
    long tryTimeoutSeconds = Math.max(1, retry.attemptTimeout().toSeconds());
    return new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, retry.maxRetries() + 1, Duration.ofSeconds(tryTimeoutSeconds),
        retry.baseDelay(), retry.maxDelay(), null);
  }

  private static HttpClient httpClient(KeyVaultSettings settings) {
    NettyAsyncHttpClientBuilder builder = settings.extraTrustedCaFile().isEmpty()
        ? new NettyAsyncHttpClientBuilder()
        : new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create().secure(spec -> {
          try {
            spec.sslContext(SslContextBuilder.forClient()
                .trustManager(TrustedCertificates.withExtraCa(settings.extraTrustedCaFile().get())).build());
          } catch (SSLException e) {
            throw new GatewayException(FailureReason.InvalidSpec, "Cannot set up TLS with the extra CA file: " + e.getMessage(), e);
          }
        }));
    Duration timeout = settings.retry().attemptTimeout();
    return builder.responseTimeout(timeout).readTimeout(timeout).writeTimeout(timeout).build();
  }
}

package io.keyrotation.operator.keyvault;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import io.keyrotation.operator.metrics.ExternalCallPolicy;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * Builds and caches one {@link KeyVaultGateway} per (vault URL, identity), all sharing one HTTP
 * client (connection pool, trusted CAs), one credential per identity (token cache) and one rate
 * limiter per vault (the vault's limits hold whoever calls it). A new client secret for the same
 * client id replaces the old credential and its gateways. Make one per operator process: the
 * limiters live here, and two instances would each allow the vault's full limit.
 */
public final class KeyVaultGateways {
  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private record CacheKey(URI vaultUrl, AzureIdentity identity) {}

  private final KeyVaultSettings settings;
  private final HttpClient httpClient;
  private final Map<CacheKey, KeyVaultGateway> gateways = new ConcurrentHashMap<>();
  private final Map<AzureIdentity, RememberingCredential> credentials = new ConcurrentHashMap<>();
  private final Map<URI, VaultRateLimiter> limiters = new ConcurrentHashMap<>();

  public KeyVaultGateways(KeyVaultSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.httpClient = buildHttpClient(settings);
  }

  public KeyVaultSettings settings() {
    return settings;
  }

  /**
   * The gateway for this vault and identity. {@code vaultUrl} is the vault's URI, e.g.
   * {@code https://contoso.vault.azure.net/}; anything but an https URL without path or query is
   * refused as {@code InvalidSpec}.
   */
  public KeyVaultGateway gatewayFor(URI vaultUrl, AzureIdentity identity) {
    URI vault = normalise(vaultUrl);
    Objects.requireNonNull(identity, "identity");
    forgetReplacedSecrets(identity);
    return gateways.computeIfAbsent(new CacheKey(vault, identity), key -> build(key.vaultUrl(), key.identity()));
  }

  /**
   * The scratch vault of a restore drill: the one place where keys are deleted and purged, and only
   * keys the caller restored there itself (see {@link ScratchVault}).
   */
  public ScratchVault scratchVaultFor(URI vaultUrl, AzureIdentity identity) {
    URI vault = normalise(vaultUrl);
    KeyVaultGateway keys = gatewayFor(vault, identity);
    RememberingCredential credential = credentials.get(identity);
    KeyClientBuilder builder = new KeyClientBuilder()
        .vaultUrl(vault.toString())
        .credential(credential)
        .httpClient(httpClient)
        .retryPolicy(new RetryPolicy(new BoundedRetryStrategy(settings.retry())))
        .addPolicy(new RateLimitPolicy(limiters.get(vault)))
        .addPolicy(settings.userAgent());
    if (settings.disableChallengeResourceVerification()) {
      builder.disableChallengeResourceVerification();
    }
    return new ScratchVault(keys, builder.buildClient(), new KeyVaultErrors(vault, identity, credential::lastFailure));
  }

  private KeyVaultGateway build(URI vault, AzureIdentity identity) {
    VaultRateLimiter limiter = limiters.computeIfAbsent(vault, v -> new VaultRateLimiter(settings.rateLimits()));
    RememberingCredential credential = credentials.computeIfAbsent(identity, i -> new RememberingCredential(credentialFor(i)));
    // Creation gets a client of its own that never retries: a retried POST /create that had
    // reached the vault adds a second version (Key Vault creates a version on every create).
    return new AzureKeyVaultGateway(keyClient(vault, credential, limiter, settings.retry()),
        keyClient(vault, credential, limiter, settings.retry().withoutRetries()), vault,
        new KeyVaultErrors(vault, identity, credential::lastFailure));
  }

  private KeyClient keyClient(URI vault, TokenCredential credential, VaultRateLimiter limiter, KeyVaultRetry retry) {
    KeyClientBuilder builder = new KeyClientBuilder()
        .vaultUrl(vault.toString())
        .credential(credential)
        .httpClient(httpClient)
        .retryPolicy(new RetryPolicy(new BoundedRetryStrategy(retry)))
        .addPolicy(new RateLimitPolicy(limiter))
        .addPolicy(settings.userAgent())
        .addPolicy(ExternalCallPolicy.keyVault());
    if (settings.disableChallengeResourceVerification()) {
      builder.disableChallengeResourceVerification();
    }
    return builder.buildClient();
  }

  private TokenCredential credentialFor(AzureIdentity identity) {
    return AzureCredentials.of(identity, settings.authorityHost(), settings.disableInstanceDiscovery(), httpClient,
        settings.userAgent());
  }

  private void forgetReplacedSecrets(AzureIdentity identity) {
    if (identity instanceof AzureIdentity.ClientSecret fresh && !credentials.containsKey(identity)) {
      credentials.keySet().removeIf(old -> old instanceof AzureIdentity.ClientSecret s
          && s.clientId().equalsIgnoreCase(fresh.clientId()) && s.tenantId().equalsIgnoreCase(fresh.tenantId()));
      gateways.keySet().removeIf(key -> key.identity() instanceof AzureIdentity.ClientSecret s && !s.equals(fresh)
          && s.clientId().equalsIgnoreCase(fresh.clientId()) && s.tenantId().equalsIgnoreCase(fresh.tenantId()));
    }
  }

  static URI normalise(URI vaultUrl) {
    Objects.requireNonNull(vaultUrl, "vaultUrl");
    boolean pathless = vaultUrl.getRawPath() == null || vaultUrl.getRawPath().isEmpty() || vaultUrl.getRawPath().equals("/");
    if (!"https".equalsIgnoreCase(vaultUrl.getScheme()) || vaultUrl.getHost() == null || !pathless
        || vaultUrl.getRawQuery() != null || vaultUrl.getRawUserInfo() != null) {
      throw new GatewayException(FailureReason.InvalidSpec, "'" + vaultUrl + "' is not a Key Vault URL: expected https://<vault>.vault.azure.net/ "
          + "(or the vault's private endpoint), without path or query.");
    }
    String port = vaultUrl.getPort() < 0 ? "" : ":" + vaultUrl.getPort();
    return URI.create("https://" + vaultUrl.getHost().toLowerCase(Locale.ROOT) + port + "/");
  }

  private static HttpClient buildHttpClient(KeyVaultSettings settings) {
    NettyAsyncHttpClientBuilder builder = settings.extraTrustedCaFile().isEmpty()
        ? new NettyAsyncHttpClientBuilder()
        : new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
            .secure(spec -> spec.sslContext(sslContextTrusting(settings.extraTrustedCaFile().get()))));
    Duration timeout = settings.retry().attemptTimeout();
    return builder
        .connectTimeout(timeout.compareTo(MAX_CONNECT_TIMEOUT) < 0 ? timeout : MAX_CONNECT_TIMEOUT)
        .responseTimeout(timeout)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .build();
  }

  private static SslContext sslContextTrusting(Path extraCaFile) {
    try {
      return SslContextBuilder.forClient().trustManager(TrustedCertificates.withExtraCa(extraCaFile)).build();
    } catch (SSLException e) {
      throw new GatewayException(FailureReason.InvalidSpec, "Cannot set up TLS with the extra CA file " + extraCaFile + ": "
          + e.getMessage(), e);
    }
  }
}

package io.keyrotation.operator.keyvault;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the operator reaches Key Vault, the same for every vault: the Azure AD authority (national
 * clouds, Azure Stack), an extra CA to trust besides the JVM's (TLS-inspecting proxies, private
 * endpoints), whether to skip the check that a vault's auth challenge names a {@code vault.azure.net}
 * resource (needed when the vault is reached under another DNS name), whether to skip Azure AD
 * instance discovery (authorities that are not public Azure AD clouds), client-side rate limits
 * and retries; and the replica's name, which the User-Agent of every request carries.
 */
public record KeyVaultSettings(URI authorityHost, Optional<Path> extraTrustedCaFile,
                               boolean disableChallengeResourceVerification, boolean disableInstanceDiscovery,
                               KeyVaultRateLimits rateLimits, KeyVaultRetry retry, Optional<String> instanceName) {

  public static final URI PUBLIC_CLOUD_AUTHORITY = URI.create("https://login.microsoftonline.com/");
  public KeyVaultSettings {
    Objects.requireNonNull(authorityHost, "authorityHost");
    if (!"https".equalsIgnoreCase(authorityHost.getScheme())) {
      throw new IllegalArgumentException("the authority host must be an https URL: " + authorityHost);
    }
    Objects.requireNonNull(extraTrustedCaFile, "extraTrustedCaFile");
    Objects.requireNonNull(rateLimits, "rateLimits");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(instanceName, "instanceName");
  }

  /** Public Azure, the JVM's CAs only, every verification on, published limits, default retries, no replica name. */
  public static KeyVaultSettings defaults() {
    return new KeyVaultSettings(PUBLIC_CLOUD_AUTHORITY, Optional.empty(), false, false,
        KeyVaultRateLimits.published(), KeyVaultRetry.defaults(), Optional.empty());
  }

  public KeyVaultSettings withInstanceName(String name) {
    return new KeyVaultSettings(authorityHost, extraTrustedCaFile, disableChallengeResourceVerification, disableInstanceDiscovery,
        rateLimits, retry, Optional.of(name));
  }

  /** Names the operator, and this replica when known, in the User-Agent of every request of a client built with it. */
  public OperatorUserAgentPolicy userAgent() {
    return new OperatorUserAgentPolicy(instanceName);
  }

  public KeyVaultSettings withAuthorityHost(URI host) {
    return new KeyVaultSettings(host, extraTrustedCaFile, disableChallengeResourceVerification, disableInstanceDiscovery, rateLimits, retry, instanceName);
  }

  public KeyVaultSettings withExtraTrustedCaFile(Path pemFile) {
    return new KeyVaultSettings(authorityHost, Optional.of(pemFile), disableChallengeResourceVerification, disableInstanceDiscovery, rateLimits, retry, instanceName);
  }

  public KeyVaultSettings withDisableChallengeResourceVerification(boolean disable) {
    return new KeyVaultSettings(authorityHost, extraTrustedCaFile, disable, disableInstanceDiscovery, rateLimits, retry, instanceName);
  }

  public KeyVaultSettings withDisableInstanceDiscovery(boolean disable) {
    return new KeyVaultSettings(authorityHost, extraTrustedCaFile, disableChallengeResourceVerification, disable, rateLimits, retry, instanceName);
  }

  public KeyVaultSettings withRateLimits(KeyVaultRateLimits limits) {
    return new KeyVaultSettings(authorityHost, extraTrustedCaFile, disableChallengeResourceVerification, disableInstanceDiscovery, limits, retry, instanceName);
  }

  public KeyVaultSettings withRetry(KeyVaultRetry newRetry) {
    return new KeyVaultSettings(authorityHost, extraTrustedCaFile, disableChallengeResourceVerification, disableInstanceDiscovery, rateLimits, newRetry, instanceName);
  }
}

package io.keyrotation.operator.keyvault;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * What a vault URL says about the vault when its host is a Key Vault endpoint of a known cloud:
 * {@code <name>.vault.azure.net}, {@code <name>.vault.usgovcloudapi.net}, {@code <name>.vault.azure.cn}
 * or {@code <name>.managedhsm.azure.net}.
 *
 * @param host the host in lower case, without port
 * @param name the vault (or Managed HSM pool) name: the host's first label
 */
public record VaultEndpoint(String host, String name, AzureCloud cloud, boolean managedHsm) {

  /** Empty for a host outside the known clouds' vault domains (a custom endpoint) or a malformed URL. */
  public static Optional<VaultEndpoint> of(String vaultUrl) {
    String host = host(vaultUrl);
    if (host == null) {
      return Optional.empty();
    }
    int dot = host.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    String name = host.substring(0, dot);
    String suffix = host.substring(dot + 1);
    for (AzureCloud cloud : AzureCloud.values()) {
      if (suffix.equals(cloud.vaultSuffix())) {
        return Optional.of(new VaultEndpoint(host, name, cloud, false));
      }
      if (cloud.managedHsmSuffix().filter(suffix::equals).isPresent()) {
        return Optional.of(new VaultEndpoint(host, name, cloud, true));
      }
    }
    return Optional.empty();
  }

  private static String host(String url) {
    if (url == null) {
      return null;
    }
    try {
      String host = new URI(url.trim()).getHost();
      return host == null ? null : host.toLowerCase(Locale.ROOT);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }
}

package io.keyrotation.sandbox.keyvault;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a sandbox vault is: its name, Azure region (hence geography), subscription, the Azure AD
 * tenant whose tokens it accepts, its soft-delete retention (7-90 days, fixed at creation) and its
 * service limits.
 */
public record VaultDefinition(String name, String region, String subscriptionId, String tenantId,
                              int softDeleteRetentionDays, ServiceLimits limits) {
  private static final Pattern VAULT_NAME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$");

  public VaultDefinition {
    Objects.requireNonNull(name, "name");
    if (!VAULT_NAME.matcher(name).matches() || name.contains("--")) {
      throw new IllegalArgumentException("vault names are 3-24 characters, letters, digits and single hyphens: " + name);
    }
    if (Geographies.geographyOf(region).isEmpty()) {
      throw new IllegalArgumentException("unknown Azure region " + region);
    }
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(tenantId, "tenantId");
    if (softDeleteRetentionDays < 7 || softDeleteRetentionDays > 90) {
      throw new IllegalArgumentException("soft-delete retention is 7 to 90 days");
    }
    Objects.requireNonNull(limits, "limits");
  }

  /** A vault with the default retention (90 days) and the published service limits. */
  public static VaultDefinition of(String name, String region, String subscriptionId, String tenantId) {
    return new VaultDefinition(name, region, subscriptionId, tenantId, 90, ServiceLimits.published());
  }

  public VaultDefinition withLimits(ServiceLimits newLimits) {
    return new VaultDefinition(name, region, subscriptionId, tenantId, softDeleteRetentionDays, newLimits);
  }

  public VaultDefinition withSoftDeleteRetentionDays(int days) {
    return new VaultDefinition(name, region, subscriptionId, tenantId, days, limits);
  }

  public String geography() {
    return Geographies.geographyOf(region).orElseThrow();
  }

  /** The vault's host name in its cloud, e.g. {@code contoso.vault.usgovcloudapi.net}. */
  public String vaultHost() {
    return name.toLowerCase(java.util.Locale.ROOT) + "." + Geographies.vaultDnsSuffix(Geographies.cloudOf(region).orElseThrow());
  }

  /** Key Vault's {@code recoveryLevel} for keys in this vault (soft delete on, purge protection off). */
  public String recoveryLevel() {
    return softDeleteRetentionDays == 90 ? "Recoverable+Purgeable" : "CustomizedRecoverable+Purgeable";
  }
}

package io.keyrotation.operator.keyvault;

import java.util.Optional;

/**
 * The Azure clouds a vault can live in, with the DNS suffixes of their vault endpoints (Microsoft's
 * "About keys, secrets and certificates", base URL per cloud environment). Managed HSM is listed
 * there only for the public cloud, so only that suffix is known here; any other host is a custom
 * endpoint whose cloud the operator cannot tell.
 */
public enum AzureCloud {
  AzurePublic("vault.azure.net", "managedhsm.azure.net", false),
  AzureUSGovernment("vault.usgovcloudapi.net", null, false),
  AzureChina("vault.azure.cn", null, false),
  /** Microsoft Cloud Deutschland, closed in October 2021; no vault can exist there any more. */
  AzureGermany("vault.microsoftazure.de", null, true);

  private final String vaultSuffix;
  private final String managedHsmSuffix;
  private final boolean retired;

  AzureCloud(String vaultSuffix, String managedHsmSuffix, boolean retired) {
    this.vaultSuffix = vaultSuffix;
    this.managedHsmSuffix = managedHsmSuffix;
    this.retired = retired;
  }

  public String vaultSuffix() {
    return vaultSuffix;
  }

  public Optional<String> managedHsmSuffix() {
    return Optional.ofNullable(managedHsmSuffix);
  }

  public boolean retired() {
    return retired;
  }
}

package io.keyrotation.operator.keyvault;

import java.util.Optional;

/**
 * The IDENTITY of the SQL Server credential through which the SQL Server Connector reaches a
 * vault. Microsoft's "Set up SQL Server TDE Extensible Key Management by using Azure Key Vault"
 * (step "Create a credential"): the vault name in Azure public cloud; the vault host
 * ({@code <name>.vault.usgovcloudapi.net}, {@code <name>.vault.azure.cn}) in Azure Government and
 * Azure operated by 21Vianet; {@code <name>.managedhsm.azure.net} for a Managed HSM. The connector
 * appends {@code .vault.azure.net} to a bare name, so a bare name never reaches a vault in another
 * cloud.
 */
public final class EkmIdentity {
  private EkmIdentity() {}

  /** The identity for a vault URL; empty when the host is not a Key Vault endpoint of a known cloud. */
  public static Optional<String> of(String vaultUrl) {
    return VaultEndpoint.of(vaultUrl).map(EkmIdentity::of);
  }

  /**
   * The IDENTITY for CREATE/ALTER CREDENTIAL: the declared one (the validator has checked it names
   * the URL's vault), else the derived one; empty only for a custom endpoint without a declared one,
   * which the validator refuses.
   */
  public static Optional<String> forCredential(String vaultUrl, String declared) {
    return declared != null ? Optional.of(declared) : of(vaultUrl);
  }

  public static String of(VaultEndpoint vault) {
    boolean bareName = vault.cloud() == AzureCloud.AzurePublic && !vault.managedHsm();
    return bareName ? vault.name() : vault.host();
  }

  /** Identities name the same vault whatever their letter case (DNS names are case-insensitive). */
  public static boolean same(String a, String b) {
    return a != null && a.equalsIgnoreCase(b);
  }
}

package io.keyrotation.sandbox.ekm;

import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.keyvault.Admission;
import io.keyrotation.sandbox.keyvault.Geographies;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.KeyView;
import io.keyrotation.sandbox.keyvault.SandboxVaults;
import io.keyrotation.sandbox.keyvault.VaultOperation;
import io.keyrotation.sandbox.sqlserver.engine.EkmKeyAccess;
import io.keyrotation.sandbox.sqlserver.engine.EkmKeyAccess.Outcome;
import io.keyrotation.sandbox.sqlserver.engine.EkmVaultDirectory;
import java.util.Locale;
import java.util.Optional;

/**
 * The SQL Server stand-in's EKM provider reaching the Key Vault and Azure AD stand-ins, as the real
 * connector does: sign in at the vault's tenant with the credential's client id and secret, then
 * get the key through the vault's own gate (injected faults, service limits, access policy), and
 * hold wrapKey and unwrapKey to protect database encryption keys.
 */
public final class KeyVaultEkmDirectory implements EkmVaultDirectory {
  private final SandboxVaults vaults;
  private final AppRegistry registry;

  public KeyVaultEkmDirectory(SandboxVaults vaults) {
    this.vaults = vaults;
    this.registry = vaults.aad().registry();
  }

  @Override
  public EkmKeyAccess open(String vaultName, String providerKeyName, String clientId, String clientSecret) {
    Optional<KeyVaultStandIn> found = resolve(vaultName);
    if (found.isEmpty()) {
      return EkmKeyAccess.failed(Outcome.VAULT_NOT_FOUND);
    }
    KeyVaultStandIn vault = found.get();
    if (!registry.isValidCredential(vault.definition().tenantId(), clientId, clientSecret)) {
      return EkmKeyAccess.failed(Outcome.BAD_CREDENTIALS);
    }
    return openAs(vault, providerKeyName, clientId);
  }

  /** A managed identity has no secret to check: the vault's access policy decides, as for any identity. */
  @Override
  public EkmKeyAccess openAsManagedIdentity(String vaultName, String providerKeyName, String managedIdentityClientId) {
    Optional<KeyVaultStandIn> found = vaults.byName(vaultName);
    if (found.isEmpty()) {
      return EkmKeyAccess.failed(Outcome.VAULT_NOT_FOUND);
    }
    return openAs(found.get(), providerKeyName, managedIdentityClientId);
  }

  private EkmKeyAccess openAs(KeyVaultStandIn vault, String providerKeyName, String clientId) {
    String keyName = providerKeyName.split("/", 2)[0];
    Admission admission = vault.admit(clientId, VaultOperation.GET_KEY, keyName);
    if (!admission.allowed()) {
      return EkmKeyAccess.failed(outcomeOf(admission.status()));
    }
    if (!vault.permits(clientId, KeyPermission.WRAP_KEY) || !vault.permits(clientId, KeyPermission.UNWRAP_KEY)) {
      return EkmKeyAccess.failed(Outcome.ACCESS_DENIED);
    }
    Optional<KeyView> key = vault.findKey(providerKeyName).filter(KeyView::usableNow);
    return key.map(k -> EkmKeyAccess.opened(k.keyId(), k.version(), k.modulusBytes()))
        .orElseGet(() -> EkmKeyAccess.failed(Outcome.KEY_NOT_FOUND));
  }

  /**
   * The vault a credential IDENTITY reaches. A bare name is a public-cloud vault: the connector
   * appends {@code .vault.azure.net}, so a bare name never reaches a vault in Azure Government or
   * Azure China, whose identity must be the host (Microsoft's EKM setup, step "Create a
   * credential"). A host reaches the vault only when it is that vault's host in its own cloud.
   */
  public Optional<KeyVaultStandIn> resolve(String identity) {
    if (identity == null || identity.isEmpty()) {
      return Optional.empty();
    }
    String host = identity.toLowerCase(Locale.ROOT);
    if (!host.contains(".")) {
      host = host + "." + Geographies.vaultDnsSuffix(Geographies.PUBLIC);
    }
    String wanted = host;
    return vaults.byName(host.substring(0, host.indexOf('.')))
        .filter(vault -> vault.definition().vaultHost().equals(wanted));
  }

  /** The connector has no code for a vault's server error; it reports it as a vault it cannot reach. */
  private static Outcome outcomeOf(int status) {
    return switch (status) {
      case 401 -> Outcome.BAD_CREDENTIALS;
      case 403 -> Outcome.ACCESS_DENIED;
      case 404 -> Outcome.KEY_NOT_FOUND;
      case 429 -> Outcome.THROTTLED;
      default -> Outcome.VAULT_NOT_FOUND;
    };
  }
}

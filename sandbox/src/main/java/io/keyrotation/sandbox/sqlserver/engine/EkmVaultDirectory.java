package io.keyrotation.sandbox.sqlserver.engine;

/**
 * What the stand-in's EKM provider (the SQL Server Connector for Azure Key Vault) needs from
 * Key Vault and Azure AD: authenticate as a service principal and open a key. The engine calls
 * it whenever the real connector would reach the vault: {@code CREATE ASYMMETRIC KEY ... FROM
 * PROVIDER}, {@code ALTER DATABASE ENCRYPTION KEY}, and opening TDE databases at start-up.
 *
 * <p>Implementations check, in this order: the vault exists (else {@link
 * EkmKeyAccess.Outcome#VAULT_NOT_FOUND}); the token endpoint accepts the client id and secret
 * ({@link EkmKeyAccess.Outcome#BAD_CREDENTIALS}: unknown client, wrong, expired or removed
 * secret); the vault is not throttling ({@link EkmKeyAccess.Outcome#THROTTLED}); the identity
 * holds get, wrapKey and unwrapKey ({@link EkmKeyAccess.Outcome#ACCESS_DENIED}); the key (and
 * version, when given) exists and is enabled ({@link EkmKeyAccess.Outcome#KEY_NOT_FOUND}).
 */
public interface EkmVaultDirectory {

  /**
   * @param vaultName the credential's IDENTITY, e.g. {@code contoso-tde}
   * @param providerKeyName {@code name} (current version) or {@code name/version}
   * @param clientId the service principal's client id, with hyphens (8-4-4-4-12)
   * @param clientSecret the client secret
   */
  EkmKeyAccess open(String vaultName, String providerKeyName, String clientId, String clientSecret);

  /**
   * The same, signed in as the instance's managed identity (SQL Server 2022 CU17+ on Azure VMs,
   * Arc-enabled SQL Server): no secret; the identity still needs get, wrapKey and unwrapKey.
   * Directories without managed identities answer {@link EkmKeyAccess.Outcome#BAD_CREDENTIALS}.
   */
  default EkmKeyAccess openAsManagedIdentity(String vaultName, String providerKeyName, String managedIdentityClientId) {
    return EkmKeyAccess.failed(EkmKeyAccess.Outcome.BAD_CREDENTIALS);
  }
}

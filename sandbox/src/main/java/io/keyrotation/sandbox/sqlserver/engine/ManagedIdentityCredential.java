package io.keyrotation.sandbox.sqlserver.engine;

import java.util.Locale;

/**
 * An EKM credential created {@code WITH IDENTITY = 'Managed Identity'} and no secret: the connector
 * signs in as the instance's managed identity, and the credential's name is the vault's DNS name
 * ({@code CREATE CREDENTIAL [<akv-name>.vault.azure.net] WITH IDENTITY = 'Managed Identity' FOR
 * CRYPTOGRAPHIC PROVIDER ...}, "Managed Identity support for Extensible Key Management with Azure
 * Key Vault", learn.microsoft.com, SQL Server 2022 CU17+ on Azure VMs). Stricter than unclear: an
 * instance without a managed identity gets the connector's bad-credentials answer.
 */
final class ManagedIdentityCredential {
  static final String IDENTITY = "Managed Identity";

  private ManagedIdentityCredential() {}

  static boolean isManagedIdentity(String identity) {
    return identity != null && identity.equalsIgnoreCase(IDENTITY);
  }

  static EkmKeyAccess open(EkmVaultDirectory directory, String credentialName, String providerKeyName, String clientId) {
    if (clientId == null) {
      return EkmKeyAccess.failed(EkmKeyAccess.Outcome.BAD_CREDENTIALS);
    }
    String vaultName = credentialName.split("\\.", 2)[0].toLowerCase(Locale.ROOT);
    return directory.openAsManagedIdentity(vaultName, providerKeyName, clientId);
  }
}

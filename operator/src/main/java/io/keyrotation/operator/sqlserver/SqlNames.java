package io.keyrotation.operator.sqlserver;

import io.keyrotation.operator.api.common.Formats;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.util.regex.Pattern;

/**
 * Validation of every name before it reaches T-SQL. Identifiers are always bracket-quoted as
 * well ({@link TSql}); validation refuses what quoting cannot make sensible (empty, longer than
 * sysname's 128 characters, control characters, surrounding blanks) and what the EKM connector
 * refuses (key names: only letters, digits and hyphens, at most 26 characters: error 2049).
 */
public final class SqlNames {
  public static final int MAX_SYSNAME = 128;
  public static final int MAX_PROVIDER_KEY_NAME = 26;
  private static final Pattern PROVIDER_KEY_NAME = Pattern.compile("[A-Za-z0-9-]{1,26}(/[0-9A-Fa-f]{32})?");
  private static final Pattern VAULT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final Pattern EKM_IDENTITY = Pattern.compile(Formats.EKM_IDENTITY);

  private SqlNames() {}

  /** A login, credential, asymmetric key, provider or database name. */
  public static String requireIdentifier(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw invalid(what + " must not be empty");
    }
    if (name.length() > MAX_SYSNAME) {
      throw invalid(what + " is longer than " + MAX_SYSNAME + " characters");
    }
    if (CONTROL.matcher(name).find()) {
      throw invalid(what + " contains a control character");
    }
    if (!name.strip().equals(name)) {
      throw invalid(what + " starts or ends with a blank");
    }
    return name;
  }

  /**
   * A Key Vault key name as the connector takes it: {@code name} or {@code name/version}, the name
   * only letters, digits and '-' and at most 26 characters.
   */
  public static String requireProviderKeyName(String providerKeyName) {
    if (providerKeyName == null || !PROVIDER_KEY_NAME.matcher(providerKeyName).matches()) {
      String shown = providerKeyName == null ? "null" : TSql.printable(providerKeyName);
      throw invalid("Key Vault key name '" + shown + "' cannot be used by the SQL Server Connector: only "
          + "letters, digits and '-', at most " + MAX_PROVIDER_KEY_NAME + " characters, optionally followed by "
          + "'/<32-hex version>' (connector error 2049 scp_err_KeyNameDoesNotFitThumbprint for longer names)");
    }
    return providerKeyName;
  }

  /** A Key Vault name: 3-24 characters, letters, digits and '-', starting with a letter. */
  public static String requireVaultName(String vaultName) {
    if (vaultName == null || !VAULT_NAME.matcher(vaultName).matches() || vaultName.contains("--")) {
      throw invalid("'" + (vaultName == null ? "null" : TSql.printable(vaultName))
          + "' is not a Key Vault name (3-24 letters, digits and single hyphens, starting with a letter)");
    }
    return vaultName;
  }

  /**
   * An EKM credential IDENTITY: a vault name, or a vault host in Azure Government, Azure China or
   * Managed HSM ({@code keyvault.EkmIdentity}); the schema's rule ({@code Formats.EKM_IDENTITY}).
   */
  public static String requireEkmIdentity(String identity) {
    if (identity == null || !EKM_IDENTITY.matcher(identity).matches() || identity.length() > 128) {
      throw invalid("'" + (identity == null ? "null" : TSql.printable(identity))
          + "' is not an EKM credential identity (a Key Vault name, or a vault host such as contoso.vault.usgovcloudapi.net)");
    }
    return identity;
  }

  private static GatewayException invalid(String message) {
    return new GatewayException(FailureReason.InvalidSpec, message);
  }
}

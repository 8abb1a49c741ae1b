package io.keyrotation.operator.sqlserver;

import io.keyrotation.operator.api.common.NameRules;
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
  private static final Pattern KEY_VERSION = Pattern.compile("[0-9A-Fa-f]{32}");

  private SqlNames() {}

  /** A login, credential, asymmetric key, provider or database name. */
  public static String requireIdentifier(String what, String name) {
    NameRules.SQL_NAME.problem(name).ifPresent(problem -> {
      throw invalid(what + " " + problem);
    });
    return name;
  }

  /**
   * A Key Vault key name as the connector takes it: {@code name} or {@code name/version}, the name
   * only letters, digits and '-' and at most 26 characters.
   */
  public static String requireProviderKeyName(String providerKeyName) {
    int slash = providerKeyName == null ? -1 : providerKeyName.indexOf('/');
    String keyName = slash < 0 ? providerKeyName : providerKeyName.substring(0, slash);
    boolean version = slash < 0 || KEY_VERSION.matcher(providerKeyName.substring(slash + 1)).matches();
    if (!NameRules.CONNECTOR_KEY_NAME.accepts(keyName) || !version) {
      String shown = providerKeyName == null ? "null" : TSql.printable(providerKeyName);
      throw invalid("Key Vault key name '" + shown + "' cannot be used by the SQL Server Connector: only "
          + "letters, digits and '-', at most " + MAX_PROVIDER_KEY_NAME + " characters, optionally followed by "
          + "'/<32-hex version>' (connector error 2049 scp_err_KeyNameDoesNotFitThumbprint for longer names)");
    }
    return providerKeyName;
  }

  /** A Key Vault name ({@link NameRules#VAULT_NAME}). */
  public static String requireVaultName(String vaultName) {
    NameRules.VAULT_NAME.problem(vaultName).ifPresent(problem -> {
      throw invalid("Key Vault name '" + (vaultName == null ? "null" : TSql.printable(vaultName)) + "' " + problem);
    });
    return vaultName;
  }

  /**
   * An EKM credential IDENTITY: a vault name, or a vault host in Azure Government, Azure China or
   * Managed HSM ({@code keyvault.EkmIdentity}); the schema's rule ({@link NameRules#ekmIdentityProblem}).
   */
  public static String requireEkmIdentity(String identity) {
    NameRules.ekmIdentityProblem(identity).ifPresent(problem -> {
      throw invalid("EKM credential identity '" + (identity == null ? "null" : TSql.printable(identity)) + "' " + problem);
    });
    return identity;
  }

  private static GatewayException invalid(String message) {
    return new GatewayException(FailureReason.InvalidSpec, message);
  }
}

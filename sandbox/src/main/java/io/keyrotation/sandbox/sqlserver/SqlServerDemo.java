package io.keyrotation.sandbox.sqlserver;

import io.keyrotation.sandbox.sqlserver.engine.EkmVaultDirectory;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerError;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * A ready-made instance for the TdeKeyPolicy demo, set up as DOMAIN.md and the connector's
 * documentation describe: provider {@code EKM}; the operator's SQL login with least privilege
 * and its own EKM credential; asymmetric key {@code TDE_KEY1} opened from the vault key; login
 * {@code TDE_Login1} from it with credential {@code Azure_EKM_TDE_cred1}; and two databases,
 * {@code Sales} and {@code Inventory}, encrypted by {@code TDE_KEY1}.
 *
 * <p>The vault key and the service principal must already exist in the {@link EkmVaultDirectory}.
 */
public final class SqlServerDemo {
  public static final String PROVIDER = "EKM";
  public static final String ASYMMETRIC_KEY = "TDE_KEY1";
  public static final String TDE_LOGIN = "TDE_Login1";
  public static final String TDE_CREDENTIAL = "Azure_EKM_TDE_cred1";
  public static final String OPERATOR_CREDENTIAL = "sysadmin_ekm_cred";
  public static final List<String> DATABASES = List.of("Sales", "Inventory");
  /** The server permissions the operator's login needs (ALTER ANY DATABASE stands for CONTROL on each TDE database). */
  public static final List<String> OPERATOR_PERMISSIONS = List.of("CREATE ASYMMETRIC KEY", "ALTER ANY LOGIN",
      "ALTER ANY CREDENTIAL", "ALTER ANY DATABASE", "VIEW SERVER STATE");

  /**
   * @param vaultName the credentials' IDENTITY
   * @param keyName the Key Vault key protecting the databases ("name" or "name/version")
   * @param clientId the SQL Server service principal's client id (with hyphens)
   * @param clientSecret its client secret
   * @param operatorLogin the SQL login the operator will use
   * @param operatorPassword its password
   */
  public record Settings(String instanceName, String vaultName, String keyName, String clientId, String clientSecret,
      String operatorLogin, String operatorPassword) {
    public Settings {
      Objects.requireNonNull(instanceName);
      Objects.requireNonNull(vaultName);
      Objects.requireNonNull(keyName);
      Objects.requireNonNull(clientId);
      Objects.requireNonNull(clientSecret);
      Objects.requireNonNull(operatorLogin);
      Objects.requireNonNull(operatorPassword);
    }

    @Override
    public String toString() {
      return "Settings[instance=" + instanceName + ", vault=" + vaultName + ", key=" + keyName + ", clientId="
          + clientId + ", operatorLogin=" + operatorLogin + "]";
    }
  }

  private SqlServerDemo() {}

  public static SqlServerInstance createInstance(EkmVaultDirectory vaults, Settings settings, Clock clock)
      throws SqlServerError {
    SqlServerInstance instance = createSecondaryReplica(vaults, settings, clock);
    for (String database : DATABASES) {
      instance.createDatabase(database);
      instance.enableTde(database, ASYMMETRIC_KEY);
    }
    return instance;
  }

  /**
   * The same instance without databases: a secondary replica to join to an availability group
   * whose primary has them. It can open TDE_KEY1, as every replica must before it gets the databases.
   */
  public static SqlServerInstance createSecondaryReplica(EkmVaultDirectory vaults, Settings settings, Clock clock)
      throws SqlServerError {
    SqlServerInstance instance = new SqlServerInstance(settings.instanceName(), vaults, clock);
    instance.createSqlLogin(settings.operatorLogin(), settings.operatorPassword(),
        OPERATOR_PERMISSIONS.toArray(String[]::new));
    instance.createCryptographicProvider(PROVIDER);
    String secret = settings.clientId().replace("-", "") + settings.clientSecret();
    String login = settings.operatorLogin();
    instance.execute(login, "CREATE CREDENTIAL " + id(OPERATOR_CREDENTIAL) + " WITH IDENTITY = "
        + text(settings.vaultName()) + ", SECRET = " + text(secret) + " FOR CRYPTOGRAPHIC PROVIDER " + id(PROVIDER)
        + "; ALTER LOGIN " + id(login) + " ADD CREDENTIAL " + id(OPERATOR_CREDENTIAL));
    instance.execute(login, "CREATE ASYMMETRIC KEY " + id(ASYMMETRIC_KEY) + " FROM PROVIDER " + id(PROVIDER)
        + " WITH PROVIDER_KEY_NAME = " + text(settings.keyName()) + ", CREATION_DISPOSITION = OPEN_EXISTING");
    instance.execute(login, "CREATE LOGIN " + id(TDE_LOGIN) + " FROM ASYMMETRIC KEY " + id(ASYMMETRIC_KEY)
        + "; CREATE CREDENTIAL " + id(TDE_CREDENTIAL) + " WITH IDENTITY = " + text(settings.vaultName())
        + ", SECRET = " + text(secret) + " FOR CRYPTOGRAPHIC PROVIDER " + id(PROVIDER)
        + "; ALTER LOGIN " + id(TDE_LOGIN) + " ADD CREDENTIAL " + id(TDE_CREDENTIAL));
    return instance;
  }

  private static String id(String name) {
    return "[" + name.replace("]", "]]") + "]";
  }

  private static String text(String value) {
    return "N'" + value.replace("'", "''") + "'";
  }
}

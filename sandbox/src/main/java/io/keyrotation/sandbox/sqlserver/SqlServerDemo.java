package io.keyrotation.sandbox.sqlserver;

import io.keyrotation.sandbox.sqlserver.engine.EkmVaultDirectory;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerError;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * A ready-made instance for the TdeKeyPolicy demo, set up as DOMAIN.md and the connector's
 * documentation describe: provider {@code EKM}; a DBA login ({@code CONTROL SERVER}) that grants
 * the operator's SQL login exactly {@link #operatorGrants} (not sysadmin); the operator's own EKM
 * credential, mapped to its login (CREATE ASYMMETRIC KEY ... FROM PROVIDER opens the vault key
 * with the executing login's credential); asymmetric key {@code TDE_KEY1} opened from the vault key; login
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
  /** The login that sets the instance up, as a DBA would; it has no password anyone can use. */
  public static final String DBA_LOGIN = "dba";
  /**
   * The server permissions the operator's login needs: CREATE ASYMMETRIC KEY (in master), ALTER
   * ANY LOGIN, ALTER ANY CREDENTIAL, VIEW SERVER STATE (sys.dm_* views) and VIEW ANY DATABASE
   * (sys.databases); plus CONTROL on each TDE database (see {@link #operatorGrants}).
   */
  public static final List<String> OPERATOR_PERMISSIONS = List.of("CREATE ASYMMETRIC KEY", "ALTER ANY LOGIN",
      "ALTER ANY CREDENTIAL", "VIEW SERVER STATE", "VIEW ANY DATABASE");

  /** The GRANT statements that give {@code login} what the operator needs on {@code databases}, no more. */
  public static List<String> operatorGrants(String login, List<String> databases) {
    List<String> grants = new java.util.ArrayList<>();
    for (String permission : OPERATOR_PERMISSIONS) {
      grants.add("GRANT " + permission + " TO " + id(login));
    }
    for (String database : databases) {
      grants.add("GRANT CONTROL ON DATABASE::" + id(database) + " TO " + id(login));
    }
    return grants;
  }

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
    SqlServerInstance instance = setUp(vaults, settings, clock, DATABASES);
    for (String database : DATABASES) {
      instance.enableTde(database, ASYMMETRIC_KEY);
    }
    return instance;
  }

  /**
   * The same instance without databases: a secondary replica to join to an availability group
   * whose primary has them. It can open TDE_KEY1, as every replica must before it gets the
   * databases; CONTROL on them is granted once they are joined.
   */
  public static SqlServerInstance createSecondaryReplica(EkmVaultDirectory vaults, Settings settings, Clock clock)
      throws SqlServerError {
    return setUp(vaults, settings, clock, List.of());
  }

  private static SqlServerInstance setUp(EkmVaultDirectory vaults, Settings settings, Clock clock, List<String> databases)
      throws SqlServerError {
    SqlServerInstance instance = new SqlServerInstance(settings.instanceName(), vaults, clock);
    instance.createSqlLogin(DBA_LOGIN, java.util.UUID.randomUUID() + "!Aa1", "CONTROL SERVER");
    instance.createSqlLogin(settings.operatorLogin(), settings.operatorPassword());
    instance.createCryptographicProvider(PROVIDER);
    databases.forEach(instance::createDatabase);
    instance.execute(DBA_LOGIN, String.join("; ", operatorGrants(settings.operatorLogin(), databases)));
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

package io.keyrotation.sandbox.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import io.keyrotation.sandbox.sqlserver.engine.InMemoryEkmVaultDirectory;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerError;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Permissions, metadata visibility, credentials and connector versions, through the real driver. */
class SqlServerStandInSecurityTest {
  private static final String VAULT = "contoso-tde";
  private static final String CLIENT_ID = "6f0a2f4e-2c1d-4b8e-9a57-3c2d1e0f9a8b";
  private static final String CLIENT_SECRET = "Qx8~client.secret-value_0001";
  private static final String SECRET = CLIENT_ID.replace("-", "") + CLIENT_SECRET;
  private static final String LOGIN = "keyrotation";
  private static final String PASSWORD = "Op3rator!Passw0rd";
  private static final String DBA = SqlServerDemo.DBA_LOGIN;

  private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T08:00:00Z"), ZoneOffset.UTC);
  private InMemoryEkmVaultDirectory vaults;
  private SqlServerInstance instance;
  private SqlServerStandIn server;

  @BeforeEach
  void start() throws Exception {
    vaults = new InMemoryEkmVaultDirectory(clock).createVault(VAULT);
    vaults.addKeyVersion(VAULT, "ContosoTdeKey1");
    vaults.addKeyVersion(VAULT, "ContosoTdeKey2");
    vaults.addClientSecret(CLIENT_ID, CLIENT_SECRET, clock.instant().plus(Duration.ofDays(365)));
    vaults.grantKeyAccess(VAULT, CLIENT_ID);
    instance = SqlServerDemo.createInstance(vaults, new SqlServerDemo.Settings("sql1", VAULT, "ContosoTdeKey1",
        CLIENT_ID, CLIENT_SECRET, LOGIN, PASSWORD), clock);
    server = SqlServerStandIn.start(instance, 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Each statement on its own (a later statement's error in one batch surfaces only in getMoreResults). */
  private void run(String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl() + ";user=" + LOGIN + ";password="
        + PASSWORD); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private List<String> column(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl() + ";user=" + LOGIN + ";password="
        + PASSWORD); Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }

  private static void assertSqlError(ThrowingSql call, int number, String text) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(SQLServerException.class, e -> assertThat(e.getErrorCode()).isEqualTo(number))
        .hasMessageContaining(text);
  }

  private interface ThrowingSql {
    void run() throws Exception;
  }

  /** A key the DBA registers with its own EKM credential: the operator neither owns it nor may see it. */
  private void dbaRegistersKey2() throws SqlServerError {
    instance.execute(DBA, "CREATE CREDENTIAL dba_ekm WITH IDENTITY = '" + VAULT + "', SECRET = '" + SECRET
        + "' FOR CRYPTOGRAPHIC PROVIDER EKM; ALTER LOGIN dba ADD CREDENTIAL dba_ekm; "
        + "CREATE ASYMMETRIC KEY TDE_KEY2 FROM PROVIDER EKM WITH PROVIDER_KEY_NAME = 'ContosoTdeKey2', "
        + "CREATION_DISPOSITION = OPEN_EXISTING; CREATE LOGIN TDE_Login2 FROM ASYMMETRIC KEY TDE_KEY2; "
        + "CREATE CREDENTIAL cred2 WITH IDENTITY = '" + VAULT + "', SECRET = '" + SECRET
        + "' FOR CRYPTOGRAPHIC PROVIDER EKM; ALTER LOGIN TDE_Login2 ADD CREDENTIAL cred2");
  }

  @Test
  void refusesCreateAsymmetricKeyWithoutThePermissionInMasterWithMsg262() {
    instance.revoke(LOGIN, "CREATE ASYMMETRIC KEY");
    assertSqlError(() -> run("CREATE ASYMMETRIC KEY K2 FROM PROVIDER EKM WITH PROVIDER_KEY_NAME = 'ContosoTdeKey2', "
        + "CREATION_DISPOSITION = OPEN_EXISTING"), 262, "CREATE ASYMMETRIC KEY permission denied in database 'master'");
  }

  @Test
  void refusesCreateLoginWithoutAlterAnyLoginAndCreateCredentialWithoutAlterAnyCredentialWithMsg15247() {
    instance.revoke(LOGIN, "ALTER ANY LOGIN").revoke(LOGIN, "ALTER ANY CREDENTIAL");
    assertSqlError(() -> run("CREATE LOGIN L1 FROM ASYMMETRIC KEY TDE_KEY1"), 15247, "does not have permission");
    assertSqlError(() -> run("CREATE CREDENTIAL c WITH IDENTITY = 'v', SECRET = '" + SECRET
        + "' FOR CRYPTOGRAPHIC PROVIDER EKM"), 15247, "does not have permission");
    assertSqlError(() -> run("ALTER CREDENTIAL Azure_EKM_TDE_cred1 WITH IDENTITY = 'v', SECRET = '" + SECRET + "'"),
        15247, "does not have permission");
  }

  @Test
  void refusesDatabaseKeyChangeWithoutControlOnTheDatabaseWithMsg297() {
    instance.revoke(LOGIN, "CONTROL ON DATABASE::Sales");
    assertSqlError(() -> run("USE Sales", "ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY TDE_KEY1"),
        297, "does not have permission");
  }

  @Test
  void hidesAnAsymmetricKeyTheLoginNeitherOwnsNorWasGrantedUntilGrantViewDefinition() throws Exception {
    dbaRegistersKey2();
    assertThat(column("SELECT name FROM sys.asymmetric_keys")).containsExactly("TDE_KEY1");
    assertSqlError(() -> run("USE Sales", "ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY TDE_KEY2"),
        15151, "Cannot find the asymmetric key 'TDE_KEY2'");

    instance.execute(DBA, "GRANT VIEW DEFINITION ON ASYMMETRIC KEY::[TDE_KEY2] TO [keyrotation]");
    assertThat(column("SELECT name FROM sys.asymmetric_keys")).containsExactlyInAnyOrder("TDE_KEY1", "TDE_KEY2");
    run("USE Sales", "ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY TDE_KEY2");
  }

  @Test
  void hidesCredentialsLoginsAndDatabasesFromALoginWithoutPermissions() throws Exception {
    instance.revoke(LOGIN, "ALTER ANY CREDENTIAL").revoke(LOGIN, "ALTER ANY LOGIN")
        .revoke(LOGIN, "VIEW ANY DATABASE").revoke(LOGIN, "CONTROL ON DATABASE::Inventory");
    assertThat(column("SELECT name FROM sys.credentials")).isEmpty();
    assertThat(column("SELECT name FROM sys.server_principals")).containsExactly(LOGIN);
    assertThat(column("SELECT name FROM sys.databases")).containsExactly("master", "tempdb", "Sales");
  }

  @Test
  void onlyAControlServerLoginMayGrantAndOnlyOnExistingSecurables() {
    assertSqlError(() -> run("GRANT CONTROL SERVER TO [keyrotation]"), 15247, "does not have permission");
    assertThatThrownBy(() -> instance.execute(DBA, "GRANT CONTROL ON DATABASE::Nope TO keyrotation"))
        .isInstanceOfSatisfying(SqlServerError.class, e -> assertThat(e.number()).isEqualTo(15151));
  }

  @Test
  void reportsTheUnsupportedProviderKeysViewAsAnErrorNotAnEmptySet() {
    assertSqlError(() -> column("SELECT key_name FROM sys.dm_cryptographic_provider_keys(65536)"), 33085,
        "Provider error code: 3.");
  }

  @Test
  void treatsAMissingCreationDispositionAsCreateNewWhichTheConnectorRefuses() throws Exception {
    assertSqlError(() -> run("CREATE ASYMMETRIC KEY K2 FROM PROVIDER EKM WITH PROVIDER_KEY_NAME = 'ContosoTdeKey2'"),
        33049, "Provider error code: 3.");
    assertThat(column("SELECT name FROM sys.asymmetric_keys")).containsExactly("TDE_KEY1");
    run("CREATE ASYMMETRIC KEY K2 FROM PROVIDER EKM WITH PROVIDER_KEY_NAME = 'ContosoTdeKey2', "
        + "CREATION_DISPOSITION = OPEN_EXISTING");
  }

  @Test
  void opensTheVaultKeyWithTheExecutingLoginsCredentialAndFailsWithProviderCode5WithoutOne() throws Exception {
    instance.execute(DBA, "ALTER LOGIN keyrotation DROP CREDENTIAL sysadmin_ekm_cred");
    assertSqlError(() -> run("CREATE ASYMMETRIC KEY K2 FROM PROVIDER EKM WITH PROVIDER_KEY_NAME = 'ContosoTdeKey2', "
        + "CREATION_DISPOSITION = OPEN_EXISTING"), 33049, "Provider error code: 5.");
  }

  @Test
  void setsTheSecretToNullWhenAlterCredentialOmitsItAndTheEkmPathThenFails() throws Exception {
    run("ALTER CREDENTIAL Azure_EKM_TDE_cred1 WITH IDENTITY = '" + VAULT + "'");
    instance.restart();
    assertThat(instance.databaseState("Sales")).isEqualTo("RECOVERY_PENDING");
    run("ALTER CREDENTIAL Azure_EKM_TDE_cred1 WITH IDENTITY = '" + VAULT + "', SECRET = '" + SECRET + "'");
    instance.restart();
    assertThat(instance.databaseState("Sales")).isEqualTo("ONLINE");
  }

  @Test
  void reportsTheConnectorVersionToEveryLoginAndDerivesThumbprintsPerConnectorGeneration() throws Exception {
    instance.revoke(LOGIN, "VIEW SERVER STATE");
    assertThat(column("SELECT provider_version FROM sys.dm_cryptographic_provider_properties"))
        .containsExactly("15.0.2000.440");
    run("CREATE ASYMMETRIC KEY K2 FROM PROVIDER EKM WITH PROVIDER_KEY_NAME = 'ContosoTdeKey2', "
        + "CREATION_DISPOSITION = OPEN_EXISTING");
    String underCurrent = column("SELECT thumbprint FROM sys.asymmetric_keys WHERE name = 'K2'").get(0);

    instance.installConnector("13.0.811.168");
    assertThat(column("SELECT version FROM sys.cryptographic_providers")).containsExactly("13.0.811.168");
    run("CREATE ASYMMETRIC KEY K2_OLD FROM PROVIDER EKM WITH PROVIDER_KEY_NAME = 'ContosoTdeKey2', "
        + "CREATION_DISPOSITION = OPEN_EXISTING");
    String underOld = column("SELECT thumbprint FROM sys.asymmetric_keys WHERE name = 'K2_OLD'").get(0);
    assertThat(underOld).isNotEqualTo(underCurrent);
    // the keys registered under 1.0.5.0 no longer match: the TDE databases cannot be opened (KB 4470999)
    assertThat(instance.databaseState("Sales")).isEqualTo("RECOVERY_PENDING");
  }

  @Test
  void mapsACredentialToOneLoginOnlyWithMsg33042() {
    assertSqlError(() -> run("ALTER LOGIN TDE_Login1 DROP CREDENTIAL Azure_EKM_TDE_cred1",
        "ALTER LOGIN TDE_Login1 ADD CREDENTIAL sysadmin_ekm_cred"), 33042, "already mapped to a login");
  }
}

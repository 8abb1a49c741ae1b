package io.keyrotation.sandbox.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import io.keyrotation.sandbox.sqlserver.engine.InMemoryEkmVaultDirectory;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The EKM and TDE model, driven with raw T-SQL through the real driver. */
class SqlServerStandInEkmTest {
  private static final String VAULT = "contoso-tde";
  private static final String CLIENT_ID = "6f0a2f4e-2c1d-4b8e-9a57-3c2d1e0f9a8b";
  private static final String CLIENT_SECRET = "Qx8~client.secret-value_0001";
  private static final String LOGIN = "keyrotation";
  private static final String PASSWORD = "Op3rator!Passw0rd";

  private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T08:00:00Z"), ZoneOffset.UTC);
  private InMemoryEkmVaultDirectory vaults;
  private SqlServerStandIn server;

  @BeforeEach
  void start() throws Exception {
    vaults = new InMemoryEkmVaultDirectory(clock).createVault(VAULT);
    vaults.addKeyVersion(VAULT, "ContosoTdeKey1");
    vaults.addClientSecret(CLIENT_ID, CLIENT_SECRET, clock.instant().plus(Duration.ofDays(365)));
    vaults.grantKeyAccess(VAULT, CLIENT_ID);
    SqlServerInstance instance = SqlServerDemo.createInstance(vaults, new SqlServerDemo.Settings("sql1", VAULT,
        "ContosoTdeKey1", CLIENT_ID, CLIENT_SECRET, LOGIN, PASSWORD), clock);
    server = SqlServerStandIn.start(instance, 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl() + ";user=" + LOGIN + ";password=" + PASSWORD);
  }

  private void run(String sql) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private String queryOne(String sql) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  private static void assertProviderError(ThrowingSql call, int providerCode) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(SQLServerException.class, e -> assertThat(e.getErrorCode()).isEqualTo(33049))
        .hasMessageContaining("Provider error code: " + providerCode + ".");
  }

  private interface ThrowingSql {
    void run() throws Exception;
  }

  @Test
  void refusesAProviderKeyNameLongerThan26CharactersWithProviderError2049() {
    String name = "k".repeat(27);
    vaults.addKeyVersion(VAULT, name);
    assertProviderError(() -> run("CREATE ASYMMETRIC KEY [K27] FROM PROVIDER [EKM] WITH PROVIDER_KEY_NAME = N'"
        + name + "', CREATION_DISPOSITION = OPEN_EXISTING"), 2049);
  }

  @Test
  void refusesAKeyMissingFromTheVaultWithMsg33049ProviderError2058() {
    assertProviderError(() -> run("CREATE ASYMMETRIC KEY [K2] FROM PROVIDER [EKM] WITH PROVIDER_KEY_NAME = "
        + "N'Missing', CREATION_DISPOSITION = OPEN_EXISTING"), 2058);
  }

  @Test
  void refusesAKeyTheCredentialIdentityMayNotReadWithProviderError2058() {
    vaults.addKeyVersion(VAULT, "ContosoTdeKey2");
    vaults.revokeKeyAccess(VAULT, CLIENT_ID);
    assertProviderError(() -> run("CREATE ASYMMETRIC KEY [K2] FROM PROVIDER [EKM] WITH PROVIDER_KEY_NAME = "
        + "N'ContosoTdeKey2', CREATION_DISPOSITION = OPEN_EXISTING"), 2058);
  }

  @Test
  void refusesACredentialSecretShorterThan32CharactersWhenTheProviderUsesIt() throws Exception {
    vaults.addKeyVersion(VAULT, "ContosoTdeKey2");
    run("ALTER LOGIN [keyrotation] DROP CREDENTIAL [sysadmin_ekm_cred]; CREATE CREDENTIAL [short] WITH IDENTITY = "
        + "N'contoso-tde', SECRET = N'tooshort' FOR CRYPTOGRAPHIC PROVIDER [EKM]; "
        + "ALTER LOGIN [keyrotation] ADD CREDENTIAL [short]");
    assertProviderError(() -> run("CREATE ASYMMETRIC KEY [K2] FROM PROVIDER [EKM] WITH PROVIDER_KEY_NAME = "
        + "N'ContosoTdeKey2', CREATION_DISPOSITION = OPEN_EXISTING"), 2050);
  }

  @Test
  void refusesCreateNewBecauseTheConnectorOnlyOpensExistingKeys() {
    assertProviderError(() -> run("CREATE ASYMMETRIC KEY [K2] FROM PROVIDER [EKM] WITH PROVIDER_KEY_NAME = "
        + "N'Brand-New', CREATION_DISPOSITION = CREATE_NEW"), 3);
  }

  @Test
  void derivesTheSameThumbprintForTheSameVaultKeyVersionAndANewOneForANewVersion() throws Exception {
    String first = queryOne("SELECT thumbprint FROM sys.asymmetric_keys WHERE name = 'TDE_KEY1'");
    String version = vaults.addKeyVersion(VAULT, "ContosoTdeKey1");
    run("CREATE ASYMMETRIC KEY [TDE_KEY1_V2] FROM PROVIDER [EKM] WITH PROVIDER_KEY_NAME = N'ContosoTdeKey1/" + version
        + "', CREATION_DISPOSITION = OPEN_EXISTING");
    String second = queryOne("SELECT thumbprint FROM sys.asymmetric_keys WHERE name = 'TDE_KEY1_V2'");
    assertThat(second).isNotEqualTo(first).hasSize(40);
    assertThatThrownBy(() -> run("CREATE ASYMMETRIC KEY [TDE_KEY1_AGAIN] FROM PROVIDER [EKM] WITH "
        + "PROVIDER_KEY_NAME = N'ContosoTdeKey1/" + version + "', CREATION_DISPOSITION = OPEN_EXISTING"))
        .isInstanceOfSatisfying(SQLServerException.class, e -> assertThat(e.getErrorCode()).isEqualTo(15282));
  }

  @Test
  void changesTheEncryptorThumbprintOnlyOnAlterDatabaseEncryptionKey() throws Exception {
    String before = queryOne("SELECT encryptor_thumbprint FROM sys.dm_database_encryption_keys WHERE database_id = 5");
    vaults.addKeyVersion(VAULT, "ContosoTdeKey2");
    run("CREATE ASYMMETRIC KEY [TDE_KEY2] FROM PROVIDER [EKM] WITH PROVIDER_KEY_NAME = N'ContosoTdeKey2', "
        + "CREATION_DISPOSITION = OPEN_EXISTING; CREATE LOGIN [TDE_Login2] FROM ASYMMETRIC KEY [TDE_KEY2]; "
        + "CREATE CREDENTIAL [cred2] WITH IDENTITY = N'contoso-tde', SECRET = N'" + CLIENT_ID.replace("-", "")
        + CLIENT_SECRET + "' FOR CRYPTOGRAPHIC PROVIDER [EKM]; ALTER LOGIN [TDE_Login2] ADD CREDENTIAL [cred2]");
    assertThat(queryOne("SELECT encryptor_thumbprint FROM sys.dm_database_encryption_keys WHERE database_id = 5"))
        .isEqualTo(before);
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("USE [Sales]");
      statement.execute("ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY [TDE_KEY2]");
    }
    assertThat(queryOne("SELECT encryptor_thumbprint FROM sys.dm_database_encryption_keys WHERE database_id = 5"))
        .isEqualTo(queryOne("SELECT thumbprint FROM sys.asymmetric_keys WHERE name = 'TDE_KEY2'"));
  }

  @Test
  void keepsTheOldEncryptorWhenTheNewKeyHasNoLoginAndCredential() throws Exception {
    vaults.addKeyVersion(VAULT, "ContosoTdeKey2");
    run("CREATE ASYMMETRIC KEY [TDE_KEY2] FROM PROVIDER [EKM] WITH PROVIDER_KEY_NAME = N'ContosoTdeKey2', "
        + "CREATION_DISPOSITION = OPEN_EXISTING");
    String before = queryOne("SELECT encryptor_thumbprint FROM sys.dm_database_encryption_keys WHERE database_id = 5");
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("USE [Sales]");
      assertThatThrownBy(() -> statement.execute(
          "ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY [TDE_KEY2]"))
          .isInstanceOfSatisfying(SQLServerException.class, e -> assertThat(e.getErrorCode()).isEqualTo(33049));
    }
    assertThat(queryOne("SELECT encryptor_thumbprint FROM sys.dm_database_encryption_keys WHERE database_id = 5"))
        .isEqualTo(before);
  }

  @Test
  void neverExposesACredentialSecret() throws Exception {
    assertThatThrownBy(() -> queryOne("SELECT secret FROM sys.credentials"))
        .isInstanceOfSatisfying(SQLServerException.class, e -> assertThat(e.getErrorCode()).isEqualTo(207));
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT credential_id, name, credential_identity, create_date, "
            + "modify_date, target_type, target_id FROM sys.credentials")) {
      ResultSetMetaData meta = rows.getMetaData();
      while (rows.next()) {
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          assertThat(String.valueOf(rows.getString(i))).doesNotContain(CLIENT_SECRET);
        }
      }
    }
  }

  @Test
  void refusesAlterDatabaseEncryptionKeyOnASystemDatabase() {
    assertThatThrownBy(() -> run("ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY [TDE_KEY1]"))
        .isInstanceOfSatisfying(SQLServerException.class, e -> assertThat(e.getErrorCode()).isEqualTo(33102));
  }
}

package io.keyrotation.sandbox.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import io.keyrotation.sandbox.sqlserver.engine.DatabaseAdmin.Scan;
import io.keyrotation.sandbox.sqlserver.engine.InMemoryEkmVaultDirectory;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Database encryption key states and the limits of ALTER DATABASE ENCRYPTION KEY, through the real driver. */
class SqlServerStandInDatabaseEncryptionTest {
  private static final String VAULT = "contoso-tde";
  private static final String CLIENT_ID = "6f0a2f4e-2c1d-4b8e-9a57-3c2d1e0f9a8b";
  private static final String CLIENT_SECRET = "Qx8~client.secret-value_0001";
  private static final String LOGIN = "keyrotation";
  private static final String PASSWORD = "Op3rator!Passw0rd";

  private final MovableClock clock = new MovableClock(Instant.parse("2026-01-05T08:00:00Z"));
  private SqlServerInstance instance;
  private SqlServerStandIn server;

  @BeforeEach
  void start() throws Exception {
    InMemoryEkmVaultDirectory vaults = new InMemoryEkmVaultDirectory(clock).createVault(VAULT);
    vaults.addKeyVersion(VAULT, "ContosoTdeKey1");
    vaults.addKeyVersion(VAULT, "ContosoTdeKey2");
    vaults.addClientSecret(CLIENT_ID, CLIENT_SECRET, clock.instant().plus(Duration.ofDays(365)));
    vaults.grantKeyAccess(VAULT, CLIENT_ID);
    instance = SqlServerDemo.createInstance(vaults, new SqlServerDemo.Settings("sql1", VAULT,
        "ContosoTdeKey1", CLIENT_ID, CLIENT_SECRET, LOGIN, PASSWORD), clock);
    String secret = CLIENT_ID.replace("-", "") + CLIENT_SECRET;
    instance.execute(LOGIN, "CREATE ASYMMETRIC KEY TDE_KEY2 FROM PROVIDER EKM WITH PROVIDER_KEY_NAME = "
        + "'ContosoTdeKey2', CREATION_DISPOSITION = OPEN_EXISTING; CREATE LOGIN TDE_Login2 FROM ASYMMETRIC KEY "
        + "TDE_KEY2; CREATE CREDENTIAL cred2 WITH IDENTITY = '" + VAULT + "', SECRET = '" + secret + "' FOR "
        + "CRYPTOGRAPHIC PROVIDER EKM; ALTER LOGIN TDE_Login2 ADD CREDENTIAL cred2");
    server = SqlServerStandIn.start(instance, 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl() + ";user=" + LOGIN + ";password=" + PASSWORD);
  }

  private void reEncryptSales(String key) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("USE [Sales]");
      statement.execute("ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY [" + key + "]");
    }
  }

  private int salesColumn(String column) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      int id;
      try (ResultSet rows = statement.executeQuery("SELECT database_id FROM sys.databases WHERE name = 'Sales'")) {
        assertThat(rows.next()).isTrue();
        id = rows.getInt(1);
      }
      try (ResultSet rows = statement.executeQuery("SELECT " + column
          + " FROM sys.dm_database_encryption_keys WHERE database_id = " + id)) {
        assertThat(rows.next()).isTrue();
        return rows.getInt(1);
      }
    }
  }

  private static void assertRefused(ThrowingSql call, int number, String text) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(SQLServerException.class, e -> assertThat(e.getErrorCode()).isEqualTo(number))
        .hasMessageContaining(text);
  }

  private interface ThrowingSql {
    void run() throws Exception;
  }

  @Test
  void staysInProtectionChangeForTheConfiguredTimeThenSettlesToEncrypted() throws Exception {
    instance.protectionChangeDuration(Duration.ofMinutes(2));
    reEncryptSales("TDE_KEY2");
    assertThat(salesColumn("encryption_state")).isEqualTo(6);
    assertRefused(() -> reEncryptSales("TDE_KEY1"), 33110, "scan is in progress");

    clock.advance(Duration.ofMinutes(2));
    assertThat(salesColumn("encryption_state")).isEqualTo(3);
    reEncryptSales("TDE_KEY1");
  }

  @Test
  void refusesAThirdKeyChangeUntilALogBackupIsTaken() throws Exception {
    reEncryptSales("TDE_KEY2");
    reEncryptSales("TDE_KEY1");
    assertRefused(() -> reEncryptSales("TDE_KEY2"), 33122, "Take a log backup and retry");
    assertThat(instance.encryptorThumbprint("Sales")).contains(thumbprintOf("TDE_KEY1"));

    instance.backUpLog("Sales");
    reEncryptSales("TDE_KEY2");
    assertThat(instance.encryptorThumbprint("Sales")).contains(thumbprintOf("TDE_KEY2"));
  }

  @Test
  void acceptsBackupLogAsTheLogBackupTheThirdKeyChangeWaitsFor() throws Exception {
    reEncryptSales("TDE_KEY2");
    reEncryptSales("TDE_KEY1");
    instance.grant(LOGIN, "BACKUP LOG");
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("BACKUP LOG [Sales] TO DISK = N'C:\\Backup\\Sales.trn'");
    }
    reEncryptSales("TDE_KEY2");
    assertThat(instance.encryptorThumbprint("Sales")).contains(thumbprintOf("TDE_KEY2"));
  }

  @Test
  void refusesBackupLogWithoutPermission() {
    assertRefused(() -> {
      try (Connection connection = connect(); Statement statement = connection.createStatement()) {
        statement.execute("BACKUP LOG [Sales] TO DISK = N'Sales.trn'");
      }
    }, 15247, "permission");
  }

  @Test
  void refusesAKeyChangeWhileADataBackupRuns() throws Exception {
    instance.database("Sales").startDataBackup();
    assertRefused(() -> reEncryptSales("TDE_KEY2"), 3023, "must be serialized");
    instance.database("Sales").finishDataBackup();
    reEncryptSales("TDE_KEY2");
    assertThat(instance.encryptorThumbprint("Sales")).contains(thumbprintOf("TDE_KEY2"));
  }

  @Test
  void refusesAKeyChangeOnADatabaseWithAReadOnlyFilegroup() throws Exception {
    instance.database("Sales").filegroupReadOnly(true);
    assertRefused(() -> reEncryptSales("TDE_KEY2"), 33118, "has read-only files");
    assertThat(instance.encryptorThumbprint("Sales")).contains(thumbprintOf("TDE_KEY1"));
  }

  @Test
  void refusesAKeyChangeWhileAScanRunsAndReportsTheScanState() throws Exception {
    instance.database("Sales").startScan(Scan.KEY_CHANGE);
    assertThat(salesColumn("encryption_state")).isEqualTo(4);
    assertThat(salesColumn("encryption_scan_state")).isEqualTo(1);
    assertRefused(() -> reEncryptSales("TDE_KEY2"), 33110, "key change scan is in progress");

    instance.database("Sales").finishScan();
    assertThat(salesColumn("encryption_scan_state")).isEqualTo(3);
    reEncryptSales("TDE_KEY2");
  }

  @Test
  void hasNoEncryptionScanStateColumnBeforeSqlServer2019() throws Exception {
    instance.majorVersion(14);
    try (Connection connection = connect()) {
      assertThat(connection.getMetaData().getDatabaseMajorVersion()).isEqualTo(14);
    }
    assertThat(salesColumn("encryption_state")).isEqualTo(3);
    assertRefused(() -> salesColumn("encryption_scan_state"), 207, "Invalid column name 'encryption_scan_state'");
  }

  private String thumbprintOf(String key) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name, thumbprint FROM sys.asymmetric_keys")) {
      while (rows.next()) {
        if (rows.getString(1).equals(key)) {
          return rows.getString(2);
        }
      }
    }
    throw new AssertionError("no key " + key);
  }
}

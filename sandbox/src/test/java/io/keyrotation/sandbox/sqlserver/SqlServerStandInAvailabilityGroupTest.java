package io.keyrotation.sandbox.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import io.keyrotation.sandbox.sqlserver.engine.AvailabilityGroup;
import io.keyrotation.sandbox.sqlserver.engine.AvailabilityGroup.SecondaryAccess;
import io.keyrotation.sandbox.sqlserver.engine.InMemoryEkmVaultDirectory;
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

/** Availability group replicas: database replica states, secondary readability, errors 976/978/3906. */
class SqlServerStandInAvailabilityGroupTest {
  private static final String LOGIN = "keyrotation";
  private static final String PASSWORD = "Op3rator!Passw0rd";
  private static final String CLIENT_ID = "6f0a2f4e-2c1d-4b8e-9a57-3c2d1e0f9a8b";
  private static final String CLIENT_SECRET = "Qx8~client.secret-value_0001";

  private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T08:00:00Z"), ZoneOffset.UTC);
  private InMemoryEkmVaultDirectory vaults;
  private SqlServerInstance primary;
  private SqlServerInstance secondary;
  private AvailabilityGroup group;
  private SqlServerStandIn primaryServer;
  private SqlServerStandIn secondaryServer;

  @BeforeEach
  void start() throws Exception {
    vaults = new InMemoryEkmVaultDirectory(clock).createVault("contoso-tde");
    vaults.addKeyVersion("contoso-tde", "ContosoTdeKey1");
    vaults.addClientSecret(CLIENT_ID, CLIENT_SECRET, clock.instant().plus(Duration.ofDays(365)));
    vaults.grantKeyAccess("contoso-tde", CLIENT_ID);
    primary = instance("sql1", vaults);
    secondary = instance("sql2", vaults);
    group = AvailabilityGroup.create("ag-sales", primary, List.of(secondary), "Sales");
    primaryServer = SqlServerStandIn.start(primary, 0);
    secondaryServer = SqlServerStandIn.start(secondary, 0);
  }

  private SqlServerInstance instance(String name, InMemoryEkmVaultDirectory vaults) throws Exception {
    return SqlServerDemo.createInstance(vaults, new SqlServerDemo.Settings(name, "contoso-tde", "ContosoTdeKey1",
        CLIENT_ID, CLIENT_SECRET, LOGIN, PASSWORD), clock);
  }

  @AfterEach
  void stop() {
    primaryServer.close();
    secondaryServer.close();
  }

  private static Connection connect(SqlServerStandIn server, String options) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl() + ";user=" + LOGIN + ";password=" + PASSWORD + options);
  }

  private static List<String> rows(SqlServerStandIn server, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = connect(server, ""); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? "," : "").append(result.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  private static void useSales(SqlServerStandIn server, String options) throws SQLException {
    try (Connection connection = connect(server, options); Statement statement = connection.createStatement()) {
      statement.execute("USE [Sales]");
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
  void showsEveryReplicaOfEachDatabaseOnThePrimaryAndOnlyItsOwnOnASecondary() throws Exception {
    String states = "SELECT is_local, is_primary_replica, synchronization_state_desc, synchronization_health_desc, "
        + "database_state_desc FROM sys.dm_hadr_database_replica_states";
    assertThat(rows(primaryServer, states)).containsExactly(
        "1,1,SYNCHRONIZED,HEALTHY,ONLINE", "0,0,SYNCHRONIZED,HEALTHY,ONLINE");
    assertThat(rows(secondaryServer, states)).containsExactly("1,0,SYNCHRONIZED,HEALTHY,ONLINE");
  }

  @Test
  void reportsASecondaryThatCannotOpenTheNewKeyAsNotSynchronizing() throws Exception {
    vaults.addKeyVersion("contoso-tde", "ContosoTdeKey2");
    String secret = CLIENT_ID.replace("-", "") + CLIENT_SECRET;
    primary.execute(LOGIN, "CREATE ASYMMETRIC KEY TDE_KEY2 FROM PROVIDER EKM WITH PROVIDER_KEY_NAME = "
        + "'ContosoTdeKey2', CREATION_DISPOSITION = OPEN_EXISTING; CREATE LOGIN TDE_Login2 FROM ASYMMETRIC KEY "
        + "TDE_KEY2; CREATE CREDENTIAL cred2 WITH IDENTITY = 'contoso-tde', SECRET = '" + secret + "' FOR "
        + "CRYPTOGRAPHIC PROVIDER EKM; ALTER LOGIN TDE_Login2 ADD CREDENTIAL cred2");
    primary.execute(LOGIN, "USE Sales; ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY TDE_KEY2");

    String states = "SELECT is_primary_replica, synchronization_state_desc, is_suspended, "
        + "synchronization_health_desc, database_state_desc FROM sys.dm_hadr_database_replica_states";
    assertThat(rows(primaryServer, states)).containsExactly(
        "1,SYNCHRONIZED,0,PARTIALLY_HEALTHY,ONLINE", "0,NOT SYNCHRONIZING,1,NOT_HEALTHY,RECOVERY_PENDING");
  }

  @Test
  void refusesAGroupDatabaseOnASecondaryThatAllowsNoConnectionsWithError976() {
    assertRefused(() -> useSales(secondaryServer, ""), 976, "not accessible for queries");
    assertRefused(() -> connect(secondaryServer, ";databaseName=Sales").close(), 976, "not accessible");
  }

  @Test
  void letsReadIntentConnectionsOnlyIntoAReadOnlySecondary() throws Exception {
    group.allowConnectionsOnSecondary(secondary, SecondaryAccess.READ_ONLY);
    assertRefused(() -> useSales(secondaryServer, ""), 978, "application intent is set to read only");
    useSales(secondaryServer, ";applicationIntent=ReadOnly");
    assertThat(rows(primaryServer, "SELECT replica_server_name, secondary_role_allow_connections, "
        + "secondary_role_allow_connections_desc FROM sys.availability_replicas"))
        .containsExactly("sql1,0,NO", "sql2,1,READ_ONLY");
  }

  @Test
  void refusesToChangeTheKeyOnAReadableSecondaryWithError3906() throws Exception {
    group.allowConnectionsOnSecondary(secondary, SecondaryAccess.ALL);
    try (Connection connection = connect(secondaryServer, ""); Statement statement = connection.createStatement()) {
      statement.execute("USE [Sales]");
      assertRefused(() -> statement.execute("ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY "
          + "[TDE_KEY1]"), 3906, "read-only");
    }
  }
}

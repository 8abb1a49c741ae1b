package io.keyrotation.sandbox.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import io.keyrotation.sandbox.sqlserver.engine.InMemoryEkmVaultDirectory;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A USE sent as a plain SQL batch lasts for the connection; one sent through a PreparedStatement
 * runs inside sp_executesql and reverts when the call ends, as in SQL Server ("Using sp_executesql",
 * learn.microsoft.com ms175170: a USE in the executed string lasts only until sp_executesql finishes).
 */
class SqlServerStandInBatchScopeTest {
  private static final String LOGIN = "keyrotation";
  private static final String PASSWORD = "Op3rator!Passw0rd";
  private static final String RE_ENCRYPT = "ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY [TDE_KEY1]";

  private final Clock clock = Clock.fixed(Instant.parse("2026-01-05T08:00:00Z"), ZoneOffset.UTC);
  private SqlServerStandIn server;

  @BeforeEach
  void start() throws Exception {
    String clientId = "6f0a2f4e-2c1d-4b8e-9a57-3c2d1e0f9a8b";
    String clientSecret = "Qx8~client.secret-value_0001";
    InMemoryEkmVaultDirectory vaults = new InMemoryEkmVaultDirectory(clock).createVault("contoso-tde");
    vaults.addKeyVersion("contoso-tde", "ContosoTdeKey1");
    vaults.addClientSecret(clientId, clientSecret, clock.instant().plus(Duration.ofDays(365)));
    vaults.grantKeyAccess("contoso-tde", clientId);
    SqlServerInstance instance = SqlServerDemo.createInstance(vaults, new SqlServerDemo.Settings("sql1",
        "contoso-tde", "ContosoTdeKey1", clientId, clientSecret, LOGIN, PASSWORD), clock);
    server = SqlServerStandIn.start(instance, 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl() + ";user=" + LOGIN + ";password=" + PASSWORD);
  }

  @Test
  void keepsTheDatabaseOfAUseSentAsAPlainBatch() throws Exception {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("USE [Sales]");
      assertThat(connection.getCatalog()).isEqualTo("Sales");
      statement.execute(RE_ENCRYPT);
    }
  }

  @Test
  void revertsAUseSentThroughAPreparedStatementWhenTheCallEnds() throws Exception {
    try (Connection connection = connect()) {
      try (PreparedStatement use = connection.prepareStatement("USE [Sales]")) {
        use.execute();
      }
      assertThat(connection.getCatalog()).isEqualTo("master");
      try (Statement statement = connection.createStatement()) {
        // the next statement still runs in master, where no database encryption key can be changed
        assertThatThrownBy(() -> statement.execute(RE_ENCRYPT))
            .isInstanceOfSatisfying(SQLServerException.class, e -> assertThat(e.getErrorCode()).isEqualTo(33102));
      }
    }
  }
}

package io.keyrotation.sandbox.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.sqlserver.engine.InMemoryEkmVaultDirectory;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The unmodified mssql-jdbc driver against the stand-in over TCP, with TLS as production runs it (Mandatory,
 * certificate validated): protocol-level behaviour, including messages split over many packets inside TLS.
 */
class SqlServerStandInProtocolTest {
  private static final SandboxTls CA = SandboxTls.generate();
  private SqlServerStandIn server;

  @BeforeEach
  void start() throws Exception {
    SqlServerInstance instance = new SqlServerInstance("sql1", new InMemoryEkmVaultDirectory(Clock.systemUTC()),
        Clock.systemUTC());
    instance.createSqlLogin("operator", "Operator-Passw0rd!", "CONTROL SERVER");
    instance.createSqlLogin("reader", "Reader-Passw0rd!");
    for (int i = 0; i < 60; i++) {
      instance.createDatabase("Database_with_a_rather_long_name_to_fill_packets_" + i);
    }
    server = SqlServerStandIn.start(instance, SqlServerStandIn.Options.withTls(CA));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Connection connect(String user, String password) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl() + ";user=" + user + ";password=" + password);
  }

  @Test
  void answersSelectOneOverTds() throws Exception {
    try (Connection connection = connect("operator", "Operator-Passw0rd!");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
      assertThat(rows.next()).isFalse();
      assertThat(connection.getCatalog()).isEqualTo("master");
    }
  }

  @Test
  void recordsTheHostAndProgramNameOfEveryLoginButNeverItsPassword() throws Exception {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl()
        + ";user=operator;password=Operator-Passw0rd!;workstationID=replica-a;applicationName=payroll-sync")) {
      assertThat(connection.isValid(5)).isTrue();
    }
    assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl()
        + ";user=reader;password=wrong;workstationID=replica-b;applicationName=report-tool")).isInstanceOf(SQLException.class);

    assertThat(server.logins()).extracting(l -> l.hostName() + "|" + l.programName() + "|" + l.userName() + "|" + l.accepted())
        .containsExactly("replica-a|payroll-sync|operator|true", "replica-b|report-tool|reader|false");
    assertThat(server.logins().toString()).doesNotContain("Operator-Passw0rd!").doesNotContain("wrong");

    server.clearLogins();
    assertThat(server.logins()).isEmpty();
  }

  @Test
  void refusesWrongPasswordWithError18456() {
    assertThatThrownBy(() -> connect("operator", "wrong"))
        .isInstanceOfSatisfying(SQLServerException.class, e -> assertThat(e.getErrorCode()).isEqualTo(18456))
        .hasMessageContaining("Login failed for user 'operator'");
  }

  @Test
  void runsPreparedStatementsThroughExecutesqlPrepexecAndExecute() throws Exception {
    try (Connection connection = connect("operator", "Operator-Passw0rd!");
        PreparedStatement statement = connection.prepareStatement(
            "SELECT database_id, name FROM sys.databases WHERE name = ?")) {
      for (String name : List.of("master", "msdb", "tempdb", "model")) {
        statement.setString(1, name);
        try (ResultSet rows = statement.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString("name")).isEqualTo(name);
          assertThat(rows.next()).isFalse();
        }
      }
    }
  }

  @Test
  void splitsLargeResultsAtTheNegotiatedPacketSize() throws Exception {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl()
            + ";user=operator;password=Operator-Passw0rd!;packetSize=512");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name FROM sys.databases")) {
      List<String> names = new ArrayList<>();
      while (rows.next()) {
        names.add(rows.getString(1));
      }
      assertThat(names).hasSize(64).contains("Database_with_a_rather_long_name_to_fill_packets_59");
    }
  }

  @Test
  void readsRequestsSplitOverSeveralClientPacketsAndLongStringParameters() throws Exception {
    String comment = "/*" + "x".repeat(20_000) + "*/";
    String longName = "n".repeat(5_000); // sent by the driver as nvarchar(max), partially length-prefixed
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl()
            + ";user=operator;password=Operator-Passw0rd!;packetSize=512");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 7 " + comment);
        PreparedStatement prepared = connection.prepareStatement(
            "SELECT name FROM sys.databases WHERE name = ? " + comment)) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(7);
      prepared.setString(1, longName);
      try (ResultSet none = prepared.executeQuery()) {
        assertThat(none.next()).isFalse();
      }
      prepared.setString(1, "msdb");
      try (ResultSet one = prepared.executeQuery()) {
        assertThat(one.next()).isTrue();
        assertThat(one.getString(1)).isEqualTo("msdb");
      }
    }
  }

  @Test
  void reportsSyntaxErrorsAs102AndKeepsTheConnectionUsable() throws Exception {
    try (Connection connection = connect("operator", "Operator-Passw0rd!");
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.execute("DROP ASYMMETRIC KEY [k]"))
          .isInstanceOfSatisfying(SQLServerException.class, e -> assertThat(e.getErrorCode()).isEqualTo(102))
          .hasMessageContaining("Incorrect syntax near 'DROP'");
      try (ResultSet rows = statement.executeQuery("SELECT 2")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(2);
      }
    }
  }

  @Test
  void deniesDynamicManagementViewsWithoutViewServerState() throws Exception {
    try (Connection connection = connect("reader", "Reader-Passw0rd!");
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeQuery("SELECT sqlserver_start_time FROM sys.dm_os_sys_info"))
          .isInstanceOfSatisfying(SQLServerException.class, e -> assertThat(e.getErrorCode()).isEqualTo(300));
    }
  }
}

package io.keyrotation.sandbox.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn.Options;
import io.keyrotation.sandbox.sqlserver.engine.InMemoryEkmVaultDirectory;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The unmodified mssql-jdbc driver against the stand-in's TLS: TDS 8.0, TDS 7.x in PRELOGIN, login-only. */
class SqlServerStandInTlsTest {
  private static final String LOGIN = ";user=operator;password=Operator-Passw0rd!;loginTimeout=5";
  private static SandboxTls certificate;
  private SqlServerInstance instance;

  @BeforeAll
  static void certificate() {
    certificate = SandboxTls.generate("*.contoso.com");
  }

  @BeforeEach
  void instance() {
    instance = new SqlServerInstance("sql1", new InMemoryEkmVaultDirectory(Clock.systemUTC()), Clock.systemUTC());
    instance.createSqlLogin("operator", "Operator-Passw0rd!", "CONTROL SERVER");
  }

  private static int selectOne(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Test
  void servesMandatoryEncryptionWithTheCertificateValidated() throws Exception {
    try (SqlServerStandIn sql = SqlServerStandIn.start(instance, Options.withTls(certificate))) {
      assertThat(sql.jdbcUrl()).contains("encrypt=true", "trustServerCertificate=false");
      assertThat(selectOne(sql.jdbcUrl() + LOGIN)).isEqualTo(1);
    }
  }

  @Test
  void servesStrictEncryptionWhereTlsComesBeforePrelogin() throws Exception {
    try (SqlServerStandIn sql = SqlServerStandIn.start(instance, Options.withTls(certificate))) {
      assertThat(selectOne(sql.jdbcUrl().replace("encrypt=true", "encrypt=strict") + LOGIN)).isEqualTo(1);
    }
  }

  @Test
  void encryptsTheWholeSessionOfAClientAskingForLessWhenEncryptionIsForced() throws Exception {
    try (SqlServerStandIn sql = SqlServerStandIn.start(instance, Options.withTls(certificate))) {
      assertThat(selectOne(sql.jdbcUrl().replace("encrypt=true", "encrypt=false") + LOGIN)).isEqualTo(1);
    }
  }

  @Test
  void encryptsOnlyTheLoginOfAClientAskingForNoEncryptionWhenNotForced() throws Exception {
    try (SqlServerStandIn sql = SqlServerStandIn.start(instance,
        Options.withTls(certificate).forcingEncryption(false))) {
      String url = "jdbc:sqlserver://localhost:" + sql.port() + ";encrypt=false";
      assertThat(selectOne(url + LOGIN)).isEqualTo(1);
    }
  }

  @Test
  void refusesACertificateSignedByAnUntrustedAuthority() throws Exception {
    try (SqlServerStandIn trusted = SqlServerStandIn.start(instance, Options.withTls(certificate));
        SqlServerStandIn other = SqlServerStandIn.start(instance, Options.withTls(SandboxTls.generate()))) {
      String url = trusted.jdbcUrl().replace(":" + trusted.port() + ";", ":" + other.port() + ";");
      assertThatThrownBy(() -> selectOne(url + LOGIN)).isInstanceOf(SQLException.class)
          .hasMessageContaining("PKIX");
    }
  }

  @Test
  void refusesACertificateWithoutTheHostName() throws Exception {
    try (SqlServerStandIn sql = SqlServerStandIn.start(instance, Options.withTls(certificate))) {
      assertThatThrownBy(() -> selectOne(sql.jdbcUrl() + ";hostNameInCertificate=sql.fabrikam.com" + LOGIN))
          .isInstanceOf(SQLException.class).hasMessageContaining("sql.fabrikam.com");
    }
  }

  @Test
  void acceptsAWildcardCertificateNamedByHostNameInCertificate() throws Exception {
    try (SqlServerStandIn sql = SqlServerStandIn.start(instance, Options.withTls(certificate))) {
      assertThat(selectOne(sql.jdbcUrl() + ";hostNameInCertificate=*.contoso.com" + LOGIN)).isEqualTo(1);
    }
  }

  @Test
  void listensOnIpv6Loopback() throws Exception {
    // mssql-jdbc matches the host against the certificate's CN and DNS names only, not its IP addresses
    try (SqlServerStandIn sql = SqlServerStandIn.start(instance,
        Options.withTls(certificate).on(InetAddress.getByName("::1")))) {
      assertThat(sql.host()).isEqualTo("::1");
      assertThat(selectOne(sql.jdbcUrl() + ";hostNameInCertificate=localhost" + LOGIN)).isEqualTo(1);
    }
  }

  @Test
  void aStoppedStandInServesNoConnection() throws Exception {
    for (int round = 0; round < 40; round++) {
      SqlServerStandIn sql = SqlServerStandIn.start(instance, 0);
      String url = sql.jdbcUrl() + LOGIN;
      assertThat(selectOne(url)).isEqualTo(1);
      sql.close();
      assertThatThrownBy(() -> selectOne(url)).as("round %d", round).isInstanceOf(SQLException.class);
      assertThat(sql.connectionsAccepted()).as("round %d", round).isEqualTo(1);
    }
  }
}

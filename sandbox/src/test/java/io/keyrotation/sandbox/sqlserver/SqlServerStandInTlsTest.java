package io.keyrotation.sandbox.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn.Options;
import io.keyrotation.sandbox.sqlserver.engine.InMemoryEkmVaultDirectory;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.Socket;
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
    assumeTrue(Ipv6Loopback.available(), "this machine has no IPv6 loopback (::1)");
    // mssql-jdbc matches the host against the certificate's CN and DNS names only, not its IP addresses
    try (SqlServerStandIn sql = SqlServerStandIn.start(instance,
        Options.withTls(certificate).on(InetAddress.getByName("::1")))) {
      assertThat(sql.host()).isEqualTo("::1");
      assertThat(selectOne(sql.jdbcUrl() + ";hostNameInCertificate=localhost" + LOGIN)).isEqualTo(1);
    }
  }

  @Test
  void answersEncryptReqAndClosesWhenAClientCannotEncryptButEncryptionIsForced() throws Exception {
    try (SqlServerStandIn sql = SqlServerStandIn.start(instance, Options.withTls(certificate));
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), sql.port())) {
      socket.setSoTimeout(5_000);
      // PRELOGIN: VERSION (6 bytes) and ENCRYPTION = ENCRYPT_NOT_SUP (0x02)
      byte[] payload = {0x00, 0, 11, 0, 6, 0x01, 0, 17, 0, 1, (byte) 0xFF, 12, 10, 0, 0, 0, 0, 0x02};
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.write(new byte[] {0x12, 0x01, 0, (byte) (payload.length + 8), 0, 0, 1, 0});
      out.write(payload);
      out.flush();

      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] header = new byte[8];
      in.readFully(header);
      byte[] reply = new byte[(((header[2] & 0xFF) << 8) | (header[3] & 0xFF)) - 8];
      in.readFully(reply);
      assertThat(header[0]).as("a tabular result").isEqualTo((byte) 0x04);
      assertThat(reply[5]).as("second option: ENCRYPTION").isEqualTo((byte) 0x01);
      assertThat(reply[((reply[6] & 0xFF) << 8) | (reply[7] & 0xFF)]).as("ENCRYPT_REQ").isEqualTo((byte) 0x03);
      assertThat(in.read()).as("then the server closes").isEqualTo(-1);
      assertThat(instance.faults().requestCount()).isZero();
    }
  }

  @Test
  void refusesEncryptTrueWithoutACertificateAsTheDriverExpects() throws Exception {
    try (SqlServerStandIn plain = SqlServerStandIn.start(instance, 0)) {
      String url = plain.jdbcUrl().replace("encrypt=false", "encrypt=true") + LOGIN;
      assertThatThrownBy(() -> selectOne(url)).isInstanceOf(SQLException.class).hasMessageContaining("SSL");
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

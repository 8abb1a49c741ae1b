package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.sqlserver.jdbc.SQLServerDataSource;
import io.keyrotation.operator.sqlserver.SqlServerEndpoint.EncryptMode;
import io.keyrotation.operator.sqlserver.SqlServerEndpoint.Tls;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the custom resource's connection settings become driver settings. */
class SqlServerSettingsTest {
  private static final String PASSWORD = "Sup3r-Secret-Pa55";

  private static SqlServerEndpoint endpoint() {
    return SqlServerEndpoint.of("prod-1", "sql.example.com", SqlAuthentication.SqlPassword, "keyrotation", PASSWORD);
  }

  @Test
  void defaultsToMandatoryTlsWithCertificateValidationOnPort1433() {
    SQLServerDataSource ds = new SqlConnections(endpoint()).dataSource();
    assertThat(ds.getEncrypt()).isEqualTo("true");
    assertThat(ds.getTrustServerCertificate()).isFalse();
    assertThat(ds.getPortNumber()).isEqualTo(1433);
    assertThat(ds.getDatabaseName()).isEqualTo("master");
    assertThat(endpoint().ekmProvider()).isEqualTo("EKM");
  }

  @Test
  void passesStrictTlsPinnedCertificateAndHostNameInCertificate() {
    SqlServerEndpoint endpoint = endpoint().withTls(new Tls(EncryptMode.Strict, false, "sql.internal",
        Path.of("/etc/keyrotation/sql.pem")));
    SQLServerDataSource ds = new SqlConnections(endpoint).dataSource();
    assertThat(ds.getEncrypt()).isEqualTo("strict");
    assertThat(ds.getHostNameInCertificate()).isEqualTo("sql.internal");
    assertThat(ds.getServerCertificate()).isEqualTo(Path.of("/etc/keyrotation/sql.pem").toString());
  }

  @Test
  void trustsTheServerCertificateOnlyWhenAsked() {
    SqlServerEndpoint endpoint = endpoint().withTls(new Tls(EncryptMode.Mandatory, true, null, null));
    assertThat(new SqlConnections(endpoint).dataSource().getTrustServerCertificate()).isTrue();
  }

  @Test
  void leavesAuthenticationUnsetForSqlLoginsSoTheDriverDoesNotForceTls() {
    assertThat(new SqlConnections(endpoint()).dataSource().getAuthentication()).isEqualTo("NotSpecified");
  }

  @Test
  void usesTheDriversServicePrincipalModeForAzureAdLogins() {
    SqlServerEndpoint endpoint = SqlServerEndpoint.of("prod-1", "sql.example.com",
        SqlAuthentication.ActiveDirectoryServicePrincipal, "6f0a2f4e-2c1d-4b8e-9a57-3c2d1e0f9a8b", PASSWORD);
    SQLServerDataSource ds = new SqlConnections(endpoint).dataSource();
    assertThat(ds.getAuthentication()).isEqualTo("ActiveDirectoryServicePrincipal");
    assertThat(ds.getUser()).isEqualTo("6f0a2f4e-2c1d-4b8e-9a57-3c2d1e0f9a8b");
  }

  @Test
  void setsConnectAndStatementTimeouts() {
    SqlServerEndpoint endpoint = endpoint().withTimeouts(Duration.ofSeconds(7), Duration.ofMillis(2500));
    SQLServerDataSource ds = new SqlConnections(endpoint).dataSource();
    assertThat(ds.getLoginTimeout()).isEqualTo(7);
    assertThat(ds.getQueryTimeout()).isEqualTo(3);
    assertThat(ds.getSocketTimeout()).isEqualTo(5000);
  }

  @Test
  void neverShowsThePasswordInToString() {
    assertThat(endpoint().toString()).doesNotContain(PASSWORD).contains("password=***");
  }

  @Test
  void refusesAnInvalidPortOrTimeout() {
    assertThatThrownBy(() -> endpoint().withPort(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> endpoint().withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.sqlserver.jdbc.SQLServerDataSource;
import io.keyrotation.operator.sqlserver.SqlServerEndpoint.EncryptMode;
import io.keyrotation.operator.sqlserver.SqlServerEndpoint.Tls;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
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
  void passesAPrivateCaAsAJksTrustStoreOnlyTheOperatorCanRead() throws Exception {
    X509Certificate ca = StandInSqlServer.CA.certificate();
    SQLServerDataSource ds = new SqlConnections(endpoint().withTls(Tls.validatedBy(List.of(ca))))
        .dataSource();

    assertThat(ds.getTrustStoreType()).isEqualTo("JKS");
    Path file = Path.of(ds.getTrustStore());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    KeyStore store = KeyStore.getInstance("JKS");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, null); // as the driver loads it: no password
    }
    assertThat(Collections.list(store.aliases())).singleElement()
        .satisfies(alias -> assertThat(store.getCertificate(alias)).isEqualTo(ca));
    assertThat(new SqlConnections(endpoint().withTls(Tls.validatedBy(List.of(ca)))).dataSource()
        .getTrustStore()).as("the same CA reuses its file").isEqualTo(ds.getTrustStore());
  }

  @Test
  void usesTheJvmTrustStoreWhenNoCaIsReferenced() {
    assertThat(new SqlConnections(endpoint()).dataSource().getTrustStore()).isNull();
  }

  @Test
  void passesAnIpv6LiteralHostAsTheServerName() {
    SqlServerEndpoint endpoint = SqlServerEndpoint.of("v6", "fd00::2", SqlAuthentication.SqlPassword, "keyrotation",
        PASSWORD);
    assertThat(new SqlConnections(endpoint).dataSource().getServerName()).isEqualTo("fd00::2");
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

package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyrotation.operator.sqlserver.SqlServerEndpoint.EncryptMode;
import io.keyrotation.operator.sqlserver.SqlServerEndpoint.Tls;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.sqlserver.Ipv6Loopback;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's TLS against the stand-in (Force Encryption on): validated TLS works in the production default and
 * in Strict; a certificate that is untrusted or issued to another name is refused with a message naming the
 * setting to check; a credential secret never leaves over a connection that does not validate the server.
 */
class SqlServerTlsTest {
  private StandInSqlServer sql;

  @BeforeEach
  void start() throws Exception {
    sql = StandInSqlServer.start();
  }

  @AfterEach
  void stop() {
    sql.close();
  }

  private SqlServerGateway gateway(Tls tls) {
    return SqlServerGatewayFactory.mssqlJdbc().create(sql.endpoint().withTls(tls));
  }

  private static Tls trustingSandboxCa() {
    return Tls.validatedBy(List.of(StandInSqlServer.CA.certificate()));
  }

  @Test
  void worksWithTheProductionDefaultMandatoryEncryptionAndAValidatedCertificate() {
    assertThat(sql.endpoint().tls().encrypt()).isEqualTo(EncryptMode.Mandatory);
    assertThat(sql.endpoint().tls().validatesServer()).isTrue();
    assertThat(sql.gateway().createCredential("Azure_EKM_TDE_cred2", StandInSqlServer.VAULT,
        StandInSqlServer.secret())).isEqualTo(StepResult.APPLIED);
  }

  @Test
  void worksWithStrictEncryption() {
    SqlServerGateway strict = gateway(trustingSandboxCa().withEncrypt(EncryptMode.Strict));
    assertThat(strict.alterCredentialSecret("Azure_EKM_TDE_cred1", StandInSqlServer.VAULT, StandInSqlServer.secret()))
        .isEqualTo(StepResult.APPLIED);
  }

  @Test
  void acceptsAWildcardCertificateNamedInHostNameInCertificate() {
    assertThat(gateway(trustingSandboxCa().withHostNameInCertificate("*.contoso.com")).credentials())
        .extracting(SqlCredential::name).contains(sqlCredentialOfTheDemo());
  }

  @Test
  void acceptsAWildcardCertificateForAHostItCovers() {
    assertThat(gateway(trustingSandboxCa().withHostNameInCertificate("sql1.contoso.com")).credentials())
        .extracting(SqlCredential::name).contains(sqlCredentialOfTheDemo());
  }

  @Test
  void refusesACertificateIssuedToAnotherNameAndSaysToCheckHostNameInCertificate() {
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> gateway(trustingSandboxCa().withHostNameInCertificate("sql.fabrikam.com")).credentials());
    assertThat(e.reason()).isEqualTo(FailureReason.Unavailable);
    assertThat(e.getMessage()).contains("not issued to 'sql.fabrikam.com'", "tls.hostNameInCertificate");
  }

  @Test
  void refusesAnIpAddressHostThatTheCertificateNamesOnlyAsAnIpAddressAndSaysWhy() {
    // the sandbox certificate carries IP 127.0.0.1 as an IP SAN: mssql-jdbc does not look at those
    SqlServerGateway byAddress = SqlServerGatewayFactory.mssqlJdbc().create(
        SqlServerEndpoint.of("sql1", "127.0.0.1", SqlAuthentication.SqlPassword, StandInSqlServer.OPERATOR_LOGIN,
            StandInSqlServer.OPERATOR_PASSWORD).withPort(sql.server.port()).withTls(trustingSandboxCa()));
    GatewayException e = catchThrowableOfType(GatewayException.class, byAddress::credentials);
    assertThat(e.getMessage()).contains("not issued to '127.0.0.1'", "not its IP addresses",
        "tls.hostNameInCertificate");
  }

  @Test
  void refusesACertificateFromAnUntrustedCaAndSaysToReferenceTheCa() {
    SandboxTls otherCa = SandboxTls.generate();
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> gateway(Tls.validatedBy(List.of(otherCa.certificate()))).credentials());
    assertThat(e.reason()).isEqualTo(FailureReason.Unavailable);
    assertThat(e.getMessage()).contains("not signed by a trusted CA", "tls.caCertificateRef");
  }

  @Test
  void neverSendsASecretWhenTheServerCertificateIsTrustedBlindly() {
    SqlServerGateway blind = gateway(new Tls(EncryptMode.Mandatory, true, null, null));
    assertThat(blind.credentials()).isNotEmpty(); // reads work over it
    int connections = sql.server.connectionsAccepted();
    int requests = sql.instance.faults().requestCount();

    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> blind.alterCredentialSecret("Azure_EKM_TDE_cred1", StandInSqlServer.VAULT, StandInSqlServer.secret()));

    assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec);
    assertThat(e.getMessage()).contains("tls.trustServerCertificate is true", "credential secret")
        .doesNotContain(StandInSqlServer.CLIENT_SECRET);
    assertThat(sql.server.connectionsAccepted()).isEqualTo(connections);
    assertThat(sql.instance.faults().requestCount()).isEqualTo(requests);
  }

  @Test
  void neverSendsASecretOverOptionalEncryptionToAServerWithoutTls() throws Exception {
    try (SqlServerStandIn plain = SqlServerStandIn.start(sql.instance, 0)) {
      SqlServerGateway unencrypted = SqlServerGatewayFactory.mssqlJdbc().create(sql.endpoint()
          .withPort(plain.port()).withTls(new Tls(EncryptMode.Optional, false, null, null)));

      GatewayException e = catchThrowableOfType(GatewayException.class, () -> unencrypted.createCredential(
          "Azure_EKM_TDE_cred2", StandInSqlServer.VAULT, StandInSqlServer.secret()));

      assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec);
      assertThat(e.getMessage()).contains("tls.encrypt is Optional", "Mandatory or Strict");
      assertThat(plain.connectionsAccepted()).isZero();
      assertThat(sql.instance.faults().requestCount()).isZero();
    }
  }

  @Test
  void connectsToAnIpv6LiteralHost() throws Exception {
    assumeTrue(Ipv6Loopback.available(), "this machine has no IPv6 loopback (::1)");
    // the driver matches names, not IP SANs: hostNameInCertificate names the certificate
    try (SqlServerStandIn v6 = SqlServerStandIn.start(sql.instance,
        SqlServerStandIn.Options.withTls(StandInSqlServer.CA).on(InetAddress.getByName("::1")))) {
      SqlServerEndpoint endpoint = SqlServerEndpoint.of("sql1", "::1", SqlAuthentication.SqlPassword,
              StandInSqlServer.OPERATOR_LOGIN, StandInSqlServer.OPERATOR_PASSWORD)
          .withPort(v6.port()).withTls(trustingSandboxCa().withHostNameInCertificate("localhost"));
      assertThat(SqlServerGatewayFactory.mssqlJdbc().create(endpoint).credentials())
          .extracting(SqlCredential::name).contains(sqlCredentialOfTheDemo());
      assertThat(v6.connectionsAccepted()).isEqualTo(1);
    }
  }

  private static String sqlCredentialOfTheDemo() {
    return io.keyrotation.sandbox.sqlserver.SqlServerDemo.TDE_CREDENTIAL;
  }
}

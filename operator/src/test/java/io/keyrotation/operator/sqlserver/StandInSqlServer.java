package io.keyrotation.operator.sqlserver;

import io.keyrotation.operator.testing.ManualClock;
import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import io.keyrotation.sandbox.sqlserver.engine.InMemoryEkmVaultDirectory;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The demo SQL Server stand-in, reached over TCP with TLS as production runs it (Force Encryption on the
 * instance; Mandatory encryption with the certificate validated against the sandbox CA on the client), plus the
 * in-memory vault and service principal it uses: what every component test of the gateway starts from.
 */
final class StandInSqlServer implements AutoCloseable {
  static final String VAULT = "contoso-tde";
  static final String KEY1 = "ContosoTdeKey1";
  static final String CLIENT_ID = "6f0a2f4e-2c1d-4b8e-9a57-3c2d1e0f9a8b";
  static final String CLIENT_SECRET = "Qx8~client.secret-value_0001";
  static final String OPERATOR_LOGIN = "keyrotation";
  static final String OPERATOR_PASSWORD = "Op3rator!Passw0rd";
  /** The sandbox CA: the stand-in's certificate, also valid for {@code *.contoso.com}. */
  static final SandboxTls CA = SandboxTls.generate("*.contoso.com");

  final ManualClock clock;
  final InMemoryEkmVaultDirectory vaults;
  final SqlServerInstance instance;
  final SqlServerStandIn server;

  private StandInSqlServer(ManualClock clock, InMemoryEkmVaultDirectory vaults, SqlServerInstance instance,
      SqlServerStandIn server) {
    this.clock = clock;
    this.vaults = vaults;
    this.instance = instance;
    this.server = server;
  }

  static StandInSqlServer start() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-05T08:00:00Z"));
    InMemoryEkmVaultDirectory vaults = new InMemoryEkmVaultDirectory(clock);
    vaults.createVault(VAULT);
    vaults.addKeyVersion(VAULT, KEY1);
    vaults.addClientSecret(CLIENT_ID, CLIENT_SECRET, clock.instant().plus(Duration.ofDays(365)));
    vaults.grantKeyAccess(VAULT, CLIENT_ID);
    return start("sql1", clock, vaults);
  }

  /** Another instance on the same vault directory and clock (e.g. an availability group replica). */
  static StandInSqlServer start(String name, ManualClock clock, InMemoryEkmVaultDirectory vaults) throws Exception {
    SqlServerInstance instance = SqlServerDemo.createInstance(vaults, new SqlServerDemo.Settings(name, VAULT, KEY1,
        CLIENT_ID, CLIENT_SECRET, OPERATOR_LOGIN, OPERATOR_PASSWORD), clock);
    return new StandInSqlServer(clock, vaults, instance,
        SqlServerStandIn.start(instance, SqlServerStandIn.Options.withTls(CA)));
  }

  SqlServerEndpoint endpoint() {
    return SqlServerEndpoint.of(instance.name(), server.host(), SqlAuthentication.SqlPassword, OPERATOR_LOGIN,
            OPERATOR_PASSWORD)
        .withPort(server.port())
        .withTls(SqlServerEndpoint.Tls.validatedBy(List.of(CA.certificate())))
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  SqlServerGateway gateway() {
    return SqlServerGatewayFactory.mssqlJdbc().create(endpoint());
  }

  /** Adds a new Key Vault key for the next rotation and returns its name. */
  String createVaultKey(String name) {
    vaults.addKeyVersion(VAULT, name);
    return name;
  }

  static EkmCredentialSecret secret() {
    return EkmCredentialSecret.of(CLIENT_ID, CLIENT_SECRET);
  }

  @Override
  public void close() {
    server.close();
  }
}

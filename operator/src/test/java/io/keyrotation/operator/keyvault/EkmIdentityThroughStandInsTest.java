package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.sqlserver.EkmCredentialSecret;
import io.keyrotation.operator.sqlserver.KeyIntent;
import io.keyrotation.operator.sqlserver.SqlAuthentication;
import io.keyrotation.operator.sqlserver.SqlCredential;
import io.keyrotation.operator.sqlserver.SqlServerEndpoint;
import io.keyrotation.operator.sqlserver.SqlServerGateway;
import io.keyrotation.operator.sqlserver.SqlServerGatewayFactory;
import io.keyrotation.operator.sqlserver.StepResult;
import io.keyrotation.sandbox.ekm.KeyVaultEkmDirectory;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.VaultDefinition;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerError;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IDENTITY derived by {@link EkmIdentity} reaches a US Government vault through the SQL Server
 * stand-in's connector; the bare vault name, which is right in the public cloud, does not.
 */
class EkmIdentityThroughStandInsTest {
  static final String EKM_APP = "5ea1e0a1-0000-4000-8000-00000000000a";
  static final String GOVERNMENT_URL = "https://contoso-gov.vault.usgovcloudapi.net";

  final StandInFixture fixture = new StandInFixture();
  String ekmSecret;
  SqlServerStandIn sql;

  @BeforeEach
  void start() {
    ekmSecret = fixture.registry.registerApp(StandInFixture.TENANT, EKM_APP, "sqlserver-ekm-gov", Instant.now().plus(365, ChronoUnit.DAYS))
        .secretText();
    KeyVaultStandIn vault = fixture.startVault(VaultDefinition.of("contoso-gov", "usgovvirginia", StandInFixture.SUBSCRIPTION, StandInFixture.TENANT));
    vault.grant(EKM_APP, KeyPermission.GET, KeyPermission.LIST, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY);
    vault.createKey("tde-key-1", false, 2048, Map.of());
    vault.createKey("tde-key-2", false, 2048, Map.of());
  }

  @AfterEach
  void stop() {
    if (sql != null) {
      sql.close();
    }
    fixture.close();
  }

  private SqlServerInstance instanceWithIdentity(String identity) throws Exception {
    return SqlServerDemo.createInstance(new KeyVaultEkmDirectory(fixture.vaults),
        new SqlServerDemo.Settings("sql-gov", identity, "tde-key-1", EKM_APP, ekmSecret, "keyrotation", "Op3rator!Passw0rd"),
        Clock.systemUTC());
  }

  @Test
  void theDerivedHostIdentityOpensGovernmentVaultKeys() throws Exception {
    String identity = EkmIdentity.of(GOVERNMENT_URL).orElseThrow();
    sql = SqlServerStandIn.start(instanceWithIdentity(identity), SqlServerStandIn.Options.withTls(fixture.tls));
    SqlServerGateway gateway = SqlServerGatewayFactory.mssqlJdbc().create(
        SqlServerEndpoint.of("sql-gov", sql.host(), SqlAuthentication.SqlPassword, "keyrotation", "Op3rator!Passw0rd")
            .withPort(sql.port())
            .withTls(SqlServerEndpoint.Tls.validatedBy(java.util.List.of(fixture.tls.certificate())))
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));

    assertThat(gateway.createCredential("TDE_CRED_2", identity, EkmCredentialSecret.of(EKM_APP, ekmSecret)))
        .isEqualTo(StepResult.APPLIED);
    assertThat(gateway.createAsymmetricKey("TDE_KEY_2", "tde-key-2", KeyIntent.NOT_RECORDED)).isEqualTo(StepResult.APPLIED);
    assertThat(gateway.credentials()).filteredOn(c -> c.name().equals("TDE_CRED_2")).singleElement()
        .extracting(SqlCredential::identity).isEqualTo("contoso-gov.vault.usgovcloudapi.net");
  }

  @Test
  void theBareNameDoesNotReachAGovernmentVault() {
    assertThatThrownBy(() -> instanceWithIdentity("contoso-gov"))
        .isInstanceOf(SqlServerError.class).hasMessageContaining("3900");
  }
}

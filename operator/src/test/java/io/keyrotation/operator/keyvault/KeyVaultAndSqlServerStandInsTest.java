package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.sqlserver.AsymmetricKey;
import io.keyrotation.operator.sqlserver.EkmCredentialSecret;
import io.keyrotation.operator.sqlserver.SqlAuthentication;
import io.keyrotation.operator.sqlserver.SqlServerEndpoint;
import io.keyrotation.operator.sqlserver.KeyIntent;
import io.keyrotation.operator.sqlserver.SqlServerGateway;
import io.keyrotation.operator.sqlserver.SqlServerGatewayFactory;
import io.keyrotation.operator.sqlserver.StepResult;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.sandbox.ekm.KeyVaultEkmDirectory;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SQL Server stand-in's EKM provider linked to the Key Vault and Azure AD stand-ins: a key the
 * operator creates through the real Key Vault gateway becomes a TDE protector through the real SQL
 * Server gateway, and SQL Server refuses what the vault would refuse the connector.
 */
class KeyVaultAndSqlServerStandInsTest {
  static final String EKM_APP = "5ea1e0a1-0000-4000-8000-000000000009";
  static final String VAULT = "contoso-tde";

  final StandInFixture fixture = new StandInFixture();
  String ekmSecret;
  KeyVaultStandIn vault;
  SqlServerStandIn sql;
  KeyVaultGateway keyVault;
  SqlServerGateway sqlServer;

  @BeforeEach
  void start() throws Exception {
    ekmSecret = fixture.registry.registerApp(StandInFixture.TENANT, EKM_APP, "sqlserver-ekm", Instant.now().plus(365, ChronoUnit.DAYS))
        .secretText();
    vault = fixture.startVault(VAULT, "westeurope");
    vault.grant(EKM_APP, KeyPermission.GET, KeyPermission.LIST, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY);
    vault.createKey("tde-key-1", false, 2048, Map.of());
    SqlServerInstance instance = SqlServerDemo.createInstance(new KeyVaultEkmDirectory(fixture.vaults),
        new SqlServerDemo.Settings("sql1", VAULT, "tde-key-1", EKM_APP, ekmSecret, "keyrotation", "Op3rator!Passw0rd"),
        Clock.systemUTC());
    sql = SqlServerStandIn.start(instance, SqlServerStandIn.Options.withTls(fixture.tls));
    keyVault = new KeyVaultGateways(fixture.settings()).gatewayFor(vault.vaultUrl(), fixture.operator());
    sqlServer = SqlServerGatewayFactory.mssqlJdbc().create(
        SqlServerEndpoint.of("sql1", sql.host(), SqlAuthentication.SqlPassword, "keyrotation", "Op3rator!Passw0rd")
            .withPort(sql.port())
            .withTls(SqlServerEndpoint.Tls.validatedBy(java.util.List.of(fixture.tls.certificate())))
            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() {
    sql.close();
    fixture.close();
  }

  @Test
  void aKeyCreatedInTheVaultBecomesTheProtectorOfEveryDatabase() throws Exception {
    VaultKey created = keyVault.createKey(NewKey.rsa("tde-key-2", KeyProtection.SOFTWARE, 2048));

    assertThat(sqlServer.createAsymmetricKey("TDE_KEY_2", "tde-key-2", KeyIntent.RECORDED_IN_STATUS)).isEqualTo(StepResult.APPLIED);
    assertThat(sqlServer.createLoginFromAsymmetricKey("TDE_LOGIN_2", "TDE_KEY_2")).isEqualTo(StepResult.APPLIED);
    assertThat(sqlServer.createCredential("TDE_CRED_2", VAULT, EkmCredentialSecret.of(EKM_APP, ekmSecret)))
        .isEqualTo(StepResult.APPLIED);
    assertThat(sqlServer.addCredentialToLogin("TDE_LOGIN_2", "TDE_CRED_2")).isEqualTo(StepResult.APPLIED);
    for (String database : SqlServerDemo.DATABASES) {
      assertThat(sqlServer.encryptDatabaseKeyWith(database, "TDE_KEY_2")).isEqualTo(StepResult.APPLIED);
    }

    String thumbprint = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-1").digest(created.modulus()));
    assertThat(sqlServer.asymmetricKeys()).filteredOn(k -> k.name().equals("TDE_KEY_2")).singleElement()
        .extracting(AsymmetricKey::thumbprint).isEqualTo(thumbprint);
    assertThat(sqlServer.databaseEncryption()).hasSize(2).allSatisfy(db -> assertThat(db.isEncryptedBy(thumbprint)).isTrue());
  }

  @Test
  void refusesAKeyTheVaultDoesNotHold() {
    assertThatThrownBy(() -> sqlServer.createAsymmetricKey("TDE_KEY_X", "tde-key-missing", KeyIntent.RECORDED_IN_STATUS))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.NotFound);
          assertThat(e.getMessage()).contains("2058");
        });
    assertThat(sqlServer.asymmetricKeys()).extracting(AsymmetricKey::name).doesNotContain("TDE_KEY_X");
  }

  @Test
  void refusesAKeyOnceTheConnectorMayNoLongerWrapWithIt() {
    keyVault.createKey(NewKey.rsa("tde-key-3", KeyProtection.SOFTWARE, 2048));
    vault.revoke(EKM_APP, KeyPermission.WRAP_KEY);

    assertThatThrownBy(() -> sqlServer.createAsymmetricKey("TDE_KEY_3", "tde-key-3", KeyIntent.RECORDED_IN_STATUS))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.getMessage()).contains("2058"));
    assertThat(vault.requests()).anySatisfy(r -> {
      assertThat(r.method()).isEqualTo("EKM");
      assertThat(r.clientId()).isEqualTo(EKM_APP);
    });
  }

  @Test
  void refusesWhileTheConnectorsSecretIsRejectedByAzureAd() {
    keyVault.createKey(NewKey.rsa("tde-key-4", KeyProtection.SOFTWARE, 2048));
    fixture.registry.secretsOf(EKM_APP).forEach(s -> fixture.registry.removeSecret(EKM_APP, s.keyId()));

    assertThatThrownBy(() -> sqlServer.createAsymmetricKey("TDE_KEY_4", "tde-key-4", KeyIntent.RECORDED_IN_STATUS))
        .isInstanceOf(GatewayException.class).hasMessageNotContaining(ekmSecret);
    assertThat(sqlServer.asymmetricKeys()).extracting(AsymmetricKey::name).doesNotContain("TDE_KEY_4");
  }
}

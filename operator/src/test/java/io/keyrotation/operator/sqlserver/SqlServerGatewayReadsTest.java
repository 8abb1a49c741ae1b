package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each catalog read of the real gateway against the demo stand-in over TDS. */
class SqlServerGatewayReadsTest {
  private StandInSqlServer sql;
  private SqlServerGateway gateway;

  @BeforeEach
  void start() throws Exception {
    sql = StandInSqlServer.start();
    gateway = sql.gateway();
  }

  @AfterEach
  void stop() {
    sql.close();
  }

  @Test
  void readsTheCryptographicProvider() {
    assertThat(gateway.cryptographicProviders())
        .singleElement()
        .satisfies(p -> {
          assertThat(p.name()).isEqualTo("EKM");
          assertThat(p.enabled()).isTrue();
          assertThat(p.providerVersion()).isEqualTo(sql.instance.connectorVersion());
        });
  }

  @Test
  void readsTheConnectorVersionOfTheInstance() {
    sql.instance.installConnector("13.0.811.168");
    assertThat(gateway.cryptographicProviders()).extracting(CryptographicProvider::providerVersion)
        .containsExactly("13.0.811.168");
  }

  @Test
  void readsAsymmetricKeysWithThumbprintProviderAndEkmKeyTypeWithoutTheUnsupportedProviderKeysView() {
    String thumbprint = sql.instance.encryptorThumbprint("Sales").orElseThrow();
    assertThat(gateway.asymmetricKeys()).containsExactly(new AsymmetricKey("TDE_KEY1", thumbprint, "EKM", "CP"));
  }

  @Test
  void readsLoginsCreatedFromAsymmetricKeysWithTheirCredentials() {
    assertThat(gateway.loginsFromAsymmetricKeys())
        .containsExactly(new KeyMappedLogin("TDE_Login1", "TDE_KEY1", List.of("Azure_EKM_TDE_cred1")));
    assertThat(gateway.credentialsOfLogin(StandInSqlServer.OPERATOR_LOGIN)).containsExactly("sysadmin_ekm_cred");
  }

  @Test
  void readsCredentialsWithIdentityButNeverTheSecret() {
    List<SqlCredential> credentials = gateway.credentials();
    assertThat(credentials).extracting(SqlCredential::name)
        .containsExactlyInAnyOrder("sysadmin_ekm_cred", "Azure_EKM_TDE_cred1");
    assertThat(credentials).allSatisfy(c -> {
      assertThat(c.identity()).isEqualTo(StandInSqlServer.VAULT);
      assertThat(c.providerName()).isEqualTo("EKM");
      assertThat(c.modifiedAt()).isEqualTo(LocalDateTime.of(2026, 1, 5, 8, 0));
      assertThat(c.toString()).doesNotContain(StandInSqlServer.CLIENT_SECRET);
    });
  }

  @Test
  void readsEveryUserDatabaseEncryptionStateAndEncryptor() {
    String thumbprint = sql.instance.encryptorThumbprint("Sales").orElseThrow();
    assertThat(gateway.databaseEncryption())
        .extracting(DatabaseEncryption::name, DatabaseEncryption::state, DatabaseEncryption::encryptionState,
            DatabaseEncryption::encryptorType, DatabaseEncryption::encryptorThumbprint)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Sales", "ONLINE", 3, "ASYMMETRIC KEY", thumbprint),
            org.assertj.core.groups.Tuple.tuple("Inventory", "ONLINE", 3, "ASYMMETRIC KEY", thumbprint));
    assertThat(SqlServerDemo.DATABASES).containsExactly("Sales", "Inventory");
  }

  @Test
  void readsTheThumbprintsStillUsedByADatabaseLog() {
    String thumbprint = sql.instance.encryptorThumbprint("Sales").orElseThrow();
    assertThat(gateway.logThumbprints("Sales")).contains(Set.of(thumbprint));
  }

  @Test
  void reportsNoAvailabilityGroupForAStandaloneInstance() {
    assertThat(gateway.availabilityRoles()).isEmpty();
  }

  @Test
  void readsTheStartTimeAndSeesItMoveOnRestart() {
    assertThat(gateway.startTime()).isEqualTo(LocalDateTime.of(2026, 1, 5, 8, 0));
    sql.clock.advance(java.time.Duration.ofHours(2));
    sql.instance.restart();
    assertThat(gateway.startTime()).isEqualTo(LocalDateTime.of(2026, 1, 5, 10, 0));
  }
}

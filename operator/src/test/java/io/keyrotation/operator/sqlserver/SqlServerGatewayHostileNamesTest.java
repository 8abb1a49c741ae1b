package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names an attacker (or a careless manifest) could put in a custom resource: each is either
 * refused before any T-SQL is sent, or quoted so SQL Server takes it as one plain name.
 */
class SqlServerGatewayHostileNamesTest {
  private StandInSqlServer sql;
  private SqlServerGateway gateway;

  @BeforeEach
  void start() throws Exception {
    sql = StandInSqlServer.start();
    gateway = sql.gateway();
    sql.createVaultKey("ContosoTdeKey2");
    sql.instance.faults().clear();
  }

  /** Refused before anything was sent: the stand-in received no request at all. */
  private void assertNothingWasSent() {
    assertThat(sql.instance.faults().requestCount()).isZero();
  }

  @AfterEach
  void stop() {
    sql.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "K]; CREATE LOGIN [evil] FROM ASYMMETRIC KEY [TDE_KEY1]; --",
      "K'; DROP ASYMMETRIC KEY TDE_KEY1; --",
      "K /* comment */ ]]",
      "Schlüssel-ключ-鍵-⚿",
      "[TDE_KEY1]"})
  void neutralisesHostileAsymmetricKeyAndLoginNamesByQuoting(String hostile) {
    assertThat(gateway.createAsymmetricKey(hostile, "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS)).isEqualTo(StepResult.APPLIED);
    assertThat(gateway.createLoginFromAsymmetricKey(hostile + "_login", hostile)).isEqualTo(StepResult.APPLIED);
    assertThat(gateway.createAsymmetricKey(hostile, "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS)).isEqualTo(StepResult.ALREADY_DONE);

    assertThat(gateway.asymmetricKeys()).extracting(AsymmetricKey::name).containsExactlyInAnyOrder("TDE_KEY1", hostile);
    assertThat(gateway.loginsFromAsymmetricKeys()).extracting(KeyMappedLogin::name)
        .containsExactlyInAnyOrder("TDE_Login1", hostile + "_login");
  }

  @Test
  void neutralisesQuotesInCredentialNamesAndKeepsTheSecretOutOfTheCatalog() {
    String name = "cred'); ALTER LOGIN [TDE_Login1] DROP CREDENTIAL [Azure_EKM_TDE_cred1]; --";
    assertThat(gateway.createCredential(name, StandInSqlServer.VAULT, StandInSqlServer.secret()))
        .isEqualTo(StepResult.APPLIED);
    assertThat(gateway.credentials()).extracting(SqlCredential::name).contains(name);
    assertThat(gateway.credentialsOfLogin("TDE_Login1")).containsExactly("Azure_EKM_TDE_cred1");
  }

  @Test
  void keepsAClientSecretFullOfQuotesIntactAsTheEkmProviderReadsItBack() {
    String quoted = "it's'; DROP--'x N'']]\"";
    sql.vaults.addClientSecret(StandInSqlServer.CLIENT_ID, quoted, sql.clock.instant().plus(Duration.ofDays(365)));
    EkmCredentialSecret secret = EkmCredentialSecret.of(StandInSqlServer.CLIENT_ID, quoted);
    gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS);
    gateway.createLoginFromAsymmetricKey("TDE_Login2", "TDE_KEY2");
    assertThat(gateway.createCredential("quoted_secret", StandInSqlServer.VAULT, secret)).isEqualTo(StepResult.APPLIED);
    gateway.addCredentialToLogin("TDE_Login2", "quoted_secret");
    // wrapping the database key with TDE_KEY2 authenticates with quoted_secret's SECRET: any change to it fails
    assertThat(gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2")).isEqualTo(StepResult.APPLIED);
    sql.vaults.removeClientSecret(StandInSqlServer.CLIENT_ID, StandInSqlServer.CLIENT_SECRET);
    sql.instance.restart();
    assertThat(sql.instance.databaseState("Sales")).isEqualTo("ONLINE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " leading", "trailing ", "new\nline", "nul\u0000char", "tab\tchar"})
  void refusesNamesQuotingCannotMakeSensible(String bad) {
    assertThatThrownBy(() -> gateway.createLoginFromAsymmetricKey(bad, "TDE_KEY1"))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec));
    assertNothingWasSent();
  }

  @Test
  void refusesNamesLongerThanSysname() {
    String tooLong = "k".repeat(129);
    assertThatThrownBy(() -> gateway.createAsymmetricKey(tooLong, "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec));
    assertNothingWasSent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Key'; DROP", "Key]", "Key 2", "Key_2", "Key2/notahexversion", "ключ"})
  void refusesProviderKeyNamesTheConnectorCannotUse(String providerKeyName) {
    assertThatThrownBy(() -> gateway.createAsymmetricKey("TDE_KEY9", providerKeyName, KeyIntent.RECORDED_IN_STATUS))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec));
    assertNothingWasSent();
    assertThat(gateway.asymmetricKeys()).extracting(AsymmetricKey::name).containsExactly("TDE_KEY1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"contoso'; --", "ab", "vault]name", "-starts-with-hyphen"})
  void refusesVaultNamesThatAreNotKeyVaultNames(String vault) {
    assertThatThrownBy(() -> gateway.createCredential("c", vault, StandInSqlServer.secret()))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec));
    assertNothingWasSent();
  }

  @Test
  void leavesEveryOtherObjectUntouchedAfterHostileNames() {
    gateway.createAsymmetricKey("x]; CREATE LOGIN [evil] FROM ASYMMETRIC KEY [TDE_KEY1]; --", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS);
    assertThat(gateway.loginsFromAsymmetricKeys()).extracting(KeyMappedLogin::name).containsExactly("TDE_Login1");
    assertThat(gateway.credentialsOfLogin("TDE_Login1")).isEqualTo(List.of("Azure_EKM_TDE_cred1"));
  }
}

package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
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
    assertThat(gateway.createAsymmetricKey(hostile, "ContosoTdeKey2")).isEqualTo(StepResult.APPLIED);
    assertThat(gateway.createLoginFromAsymmetricKey(hostile + "_login", hostile)).isEqualTo(StepResult.APPLIED);
    assertThat(gateway.createAsymmetricKey(hostile, "ContosoTdeKey2")).isEqualTo(StepResult.ALREADY_DONE);

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
  void neutralisesAClientSecretFullOfQuotes() {
    EkmCredentialSecret secret = EkmCredentialSecret.of(StandInSqlServer.CLIENT_ID, "it's'; DROP--'x");
    assertThat(gateway.createCredential("quoted_secret", StandInSqlServer.VAULT, secret)).isEqualTo(StepResult.APPLIED);
    assertThat(gateway.credentials()).extracting(SqlCredential::name).contains("quoted_secret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " leading", "trailing ", "new\nline", "nul\u0000char", "tab\tchar"})
  void refusesNamesQuotingCannotMakeSensible(String bad) {
    assertThatThrownBy(() -> gateway.createLoginFromAsymmetricKey(bad, "TDE_KEY1"))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec));
  }

  @Test
  void refusesNamesLongerThanSysname() {
    String tooLong = "k".repeat(129);
    assertThatThrownBy(() -> gateway.createAsymmetricKey(tooLong, "ContosoTdeKey2"))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Key'; DROP", "Key]", "Key 2", "Key_2", "Key2/notahexversion", "ключ"})
  void refusesProviderKeyNamesTheConnectorCannotUse(String providerKeyName) {
    assertThatThrownBy(() -> gateway.createAsymmetricKey("TDE_KEY9", providerKeyName))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec));
    assertThat(gateway.asymmetricKeys()).extracting(AsymmetricKey::name).containsExactly("TDE_KEY1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"contoso'; --", "ab", "vault]name", "-starts-with-hyphen"})
  void refusesVaultNamesThatAreNotKeyVaultNames(String vault) {
    assertThatThrownBy(() -> gateway.createCredential("c", vault, StandInSqlServer.secret()))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec));
  }

  @Test
  void leavesEveryOtherObjectUntouchedAfterHostileNames() {
    gateway.createAsymmetricKey("x]; CREATE LOGIN [evil] FROM ASYMMETRIC KEY [TDE_KEY1]; --", "ContosoTdeKey2");
    assertThat(gateway.loginsFromAsymmetricKeys()).extracting(KeyMappedLogin::name).containsExactly("TDE_Login1");
    assertThat(gateway.credentialsOfLogin("TDE_Login1")).isEqualTo(List.of("Azure_EKM_TDE_cred1"));
  }
}

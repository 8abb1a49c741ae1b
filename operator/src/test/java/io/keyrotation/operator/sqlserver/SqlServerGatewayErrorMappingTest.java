package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerError;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SQL Server and connector errors, produced by the stand-in's model, as the gateway reports them. */
class SqlServerGatewayErrorMappingTest {
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

  private static GatewayException failure(ThrowingCallable call) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
    assertThat(thrown).isInstanceOf(GatewayException.class);
    return (GatewayException) thrown;
  }

  @Test
  void reportsAWrongPasswordAsUnauthenticatedWithoutThePassword() {
    SqlServerGateway wrong = new JdbcSqlServerGateway(sql.endpoint().withPassword("Wr0ng-Passw0rd-123"));
    GatewayException e = failure(wrong::cryptographicProviders);
    assertThat(e.reason()).isEqualTo(FailureReason.Unauthenticated);
    assertThat(e.getMessage()).contains("18456").contains("Login failed").doesNotContain("Wr0ng-Passw0rd-123");
    assertThat(e.getCause()).isNull();
  }

  @Test
  void explainsProviderError2058WhenTheVaultKeyDoesNotExist() {
    GatewayException e = failure(() -> gateway.createAsymmetricKey("TDE_KEY2", "NoSuchKey", KeyIntent.RECORDED_IN_STATUS));
    assertThat(e.reason()).isEqualTo(FailureReason.NotFound);
    assertThat(e.getMessage()).contains("33049").contains("Provider error code: 2058")
        .contains("connector error 2058").contains("get, list, wrapKey and unwrapKey");
    assertThat(gateway.asymmetricKeys()).extracting(AsymmetricKey::name).containsExactly("TDE_KEY1");
  }

  @Test
  void reports2058WhenTheCredentialIdentityMayNotReadTheKey() {
    sql.createVaultKey("ContosoTdeKey2");
    sql.vaults.revokeKeyAccess(StandInSqlServer.VAULT, StandInSqlServer.CLIENT_ID);
    GatewayException e = failure(() -> gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS));
    assertThat(e.getMessage()).contains("Provider error code: 2058");
  }

  @Test
  void refusesAProviderKeyNameOver26CharactersBeforeSendingItCitingError2049() {
    String name = "a".repeat(27);
    sql.createVaultKey(name);
    GatewayException e = failure(() -> gateway.createAsymmetricKey("TDE_KEY2", name, KeyIntent.RECORDED_IN_STATUS));
    assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec);
    assertThat(e.getMessage()).contains("2049").contains("26");
  }

  @Test
  void reportsAThrottledVaultAsRetryable() {
    sql.createVaultKey("ContosoTdeKey2");
    sql.vaults.throttle(StandInSqlServer.VAULT, true);
    GatewayException e = failure(() -> gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS));
    assertThat(e.reason()).isEqualTo(FailureReason.Throttled);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("3011");
  }

  @Test
  void reportsADeletedVaultAsNotFoundWithError3900() {
    sql.vaults.deleteVault(StandInSqlServer.VAULT);
    GatewayException e = failure(() -> gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS));
    assertThat(e.reason()).isEqualTo(FailureReason.NotFound);
    assertThat(e.getMessage()).contains("3900").contains("deleted");
  }

  @Test
  void reportsAnExpiredClientSecretAsUnauthenticated() {
    sql.createVaultKey("ContosoTdeKey2");
    sql.clock.advance(Duration.ofDays(400));
    GatewayException e = failure(() -> gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS));
    assertThat(e.reason()).isEqualTo(FailureReason.Unauthenticated);
    assertThat(e.getMessage()).contains("3303").doesNotContain(StandInSqlServer.CLIENT_SECRET);
  }

  @Test
  void reportsMissingCreateAsymmetricKeyPermissionAsForbidden() {
    sql.createVaultKey("ContosoTdeKey2");
    sql.instance.revoke(StandInSqlServer.OPERATOR_LOGIN, "CREATE ASYMMETRIC KEY");
    GatewayException e = failure(() -> gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS));
    assertThat(e.reason()).isEqualTo(FailureReason.Forbidden);
    assertThat(e.getMessage()).contains("262").contains("CREATE ASYMMETRIC KEY permission denied in database 'master'");
  }

  @Test
  void reportsMissingViewServerStateAsForbidden() {
    sql.instance.revoke(StandInSqlServer.OPERATOR_LOGIN, "VIEW SERVER STATE");
    GatewayException e = failure(gateway::databaseEncryption);
    assertThat(e.reason()).isEqualTo(FailureReason.Forbidden);
    assertThat(e.getMessage()).contains("300").contains("VIEW SERVER STATE");
  }

  @Test
  void reportsADatabaseKeyChangeWithABrokenTdeCredentialAsUnauthenticated() {
    sql.createVaultKey("ContosoTdeKey2");
    gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS);
    gateway.createLoginFromAsymmetricKey("TDE_Login2", "TDE_KEY2");
    gateway.createCredential("Azure_EKM_TDE_cred2", StandInSqlServer.VAULT,
        EkmCredentialSecret.of(StandInSqlServer.CLIENT_ID, "not-the-real-secret"));
    gateway.addCredentialToLogin("TDE_Login2", "Azure_EKM_TDE_cred2");
    GatewayException e = failure(() -> gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2"));
    assertThat(e.reason()).isEqualTo(FailureReason.Unauthenticated);
    assertThat(e.getMessage()).contains("3108").contains("without hyphens");
    assertThat(sql.instance.encryptorThumbprint("Sales"))
        .contains(gateway.asymmetricKeys().stream().filter(k -> k.name().equals("TDE_KEY1")).findFirst()
            .orElseThrow().thumbprint());
  }

  @Test
  void removesTheCredentialSecretFromAnErrorThatEchoesIt() {
    EkmCredentialSecret secret = StandInSqlServer.secret();
    String echoed = StandInSqlServer.CLIENT_ID.replace("-", "") + StandInSqlServer.CLIENT_SECRET;
    sql.instance.faults().failStatements("CREATE CREDENTIAL",
        new SqlServerError(102, 1, 15, "Incorrect syntax near '" + echoed + "'."), 1);
    GatewayException e = failure(() -> gateway.createCredential("cred3", StandInSqlServer.VAULT, secret));
    assertThat(e.reason()).isEqualTo(FailureReason.SqlError);
    assertThat(e.getMessage()).contains("102").doesNotContain(echoed).doesNotContain(StandInSqlServer.CLIENT_SECRET);
  }

  @Test
  void reportsAnAlterOnAMissingCredentialAsNotFound() {
    assertThatThrownBy(() -> gateway.alterCredentialSecret("nope", StandInSqlServer.VAULT, StandInSqlServer.secret()))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.NotFound);
          assertThat(e.getMessage()).contains("15151");
        });
  }
}

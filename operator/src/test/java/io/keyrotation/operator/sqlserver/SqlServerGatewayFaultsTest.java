package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerError;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dropped connections, injected errors and slow statements: failures are retryable and retries are safe. */
class SqlServerGatewayFaultsTest {
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

  @Test
  void reportsAConnectionDroppedBeforeTheStatementAsUnavailableAndTheRetryApplies() {
    sql.instance.faults().dropConnectionBefore("CREATE ASYMMETRIC KEY");
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS));
    assertThat(e.reason()).isEqualTo(FailureReason.Unavailable);
    assertThat(e.retryable()).isTrue();
    assertThat(gateway.asymmetricKeys()).extracting(AsymmetricKey::name).containsExactly("TDE_KEY1");
    assertThat(gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS)).isEqualTo(StepResult.APPLIED);
  }

  @Test
  void findsTheEffectOfAStatementWhoseReplyWasLostAndDoesNotRepeatIt() {
    sql.instance.faults().dropConnectionAfter("ALTER DATABASE ENCRYPTION KEY");
    gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS);
    gateway.createLoginFromAsymmetricKey("TDE_Login2", "TDE_KEY2");
    gateway.createCredential("Azure_EKM_TDE_cred2", StandInSqlServer.VAULT, StandInSqlServer.secret());
    gateway.addCredentialToLogin("TDE_Login2", "Azure_EKM_TDE_cred2");

    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2"));
    assertThat(e.reason()).isEqualTo(FailureReason.Unavailable);
    assertThat(gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2")).isEqualTo(StepResult.ALREADY_DONE);
  }

  @Test
  void survivesAConnectionDropInTheMiddleOfAMultiQueryRead() {
    sql.instance.faults().clear();
    sql.instance.faults().dropConnectionBeforeRequest(2);
    GatewayException e = catchThrowableOfType(GatewayException.class, gateway::asymmetricKeys);
    assertThat(e.reason()).isEqualTo(FailureReason.Unavailable);
    assertThat(gateway.asymmetricKeys()).extracting(AsymmetricKey::name).containsExactly("TDE_KEY1");
  }

  @Test
  void reportsAnInjectedDeadlockAsRetryable() {
    sql.instance.faults().failStatements("CREATE LOGIN", new SqlServerError(1205, 51, 13,
        "Transaction (Process ID 52) was deadlocked on lock resources with another process and has been chosen "
            + "as the deadlock victim. Rerun the transaction."), 1);
    gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS);
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> gateway.createLoginFromAsymmetricKey("TDE_Login2", "TDE_KEY2"));
    assertThat(e.reason()).isEqualTo(FailureReason.Unavailable);
    assertThat(gateway.createLoginFromAsymmetricKey("TDE_Login2", "TDE_KEY2")).isEqualTo(StepResult.APPLIED);
  }

  @Test
  void givesUpOnASlowStatementAtTheStatementTimeout() {
    SqlServerGateway impatient = new JdbcSqlServerGateway(sql.endpoint().withTimeouts(Duration.ofSeconds(5),
        Duration.ofSeconds(1)));
    sql.instance.faults().slowStatements("sys\\.dm_os_sys_info", Duration.ofSeconds(30));
    GatewayException e = catchThrowableOfType(GatewayException.class, impatient::startTime);
    assertThat(e.reason()).isEqualTo(FailureReason.Unavailable);
  }

  @Test
  void reportsAStoppedInstanceAsUnavailable() {
    sql.server.close();
    GatewayException e = catchThrowableOfType(GatewayException.class, gateway::startTime);
    assertThat(e.reason()).isEqualTo(FailureReason.Unavailable);
  }
}

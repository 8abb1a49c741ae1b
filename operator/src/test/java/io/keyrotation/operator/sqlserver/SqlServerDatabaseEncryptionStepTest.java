package io.keyrotation.operator.sqlserver;

import static io.keyrotation.operator.sqlserver.StepResult.ALREADY_DONE;
import static io.keyrotation.operator.sqlserver.StepResult.APPLIED;
import static io.keyrotation.operator.sqlserver.StepResult.IN_PROGRESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.sandbox.sqlserver.engine.DatabaseAdmin.Scan;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerError;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Re-encrypting a database key against the states and limits SQL Server puts on it. */
class SqlServerDatabaseEncryptionStepTest {
  private static final String ALTER_DEK = "ALTER DATABASE ENCRYPTION KEY";
  private StandInSqlServer sql;
  private SqlServerGateway gateway;
  private String key1;
  private String key2;

  @BeforeEach
  void start() throws Exception {
    sql = StandInSqlServer.start();
    gateway = sql.gateway();
    sql.createVaultKey("ContosoTdeKey2");
    gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS);
    gateway.createLoginFromAsymmetricKey("TDE_Login2", "TDE_KEY2");
    gateway.createCredential("Azure_EKM_TDE_cred2", StandInSqlServer.VAULT, StandInSqlServer.secret());
    gateway.addCredentialToLogin("TDE_Login2", "Azure_EKM_TDE_cred2");
    key1 = thumbprint("TDE_KEY1");
    key2 = thumbprint("TDE_KEY2");
  }

  @AfterEach
  void stop() {
    sql.close();
  }

  private String thumbprint(String key) {
    return gateway.asymmetricKeys().stream().filter(k -> k.name().equals(key)).findFirst().orElseThrow().thumbprint();
  }

  private DatabaseEncryption sales() {
    return gateway.databaseEncryption().stream().filter(d -> d.name().equals("Sales")).findFirst().orElseThrow();
  }

  private boolean alterWasSent() {
    return sql.instance.faults().requestTexts().stream().anyMatch(t -> t.toUpperCase().contains(ALTER_DEK));
  }

  @Test
  void readsTheEncryptionScanStateFromSqlServer2019() {
    assertThat(sales().encryptionScanState()).isEqualTo(3);
    assertThat(sales().encryptionState()).isEqualTo(3);
  }

  @Test
  void readsDatabasesWithoutAScanStateBeforeSqlServer2019() {
    sql.instance.majorVersion(14);
    DatabaseEncryption sales = sales();
    assertThat(sales.encryptionScanState()).isNull();
    assertThat(sales.isEncryptedBy(key1)).isTrue();
    assertThat(gateway.logThumbprints("Sales")).isEmpty(); // vlf_encryptor_thumbprint is 2019+ as well
  }

  @Test
  void countsTheNewThumbprintAsDoneWhileTheProtectionChangeFinishes() {
    sql.instance.protectionChangeDuration(Duration.ofMinutes(10));
    assertThat(gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2")).isEqualTo(APPLIED);
    assertThat(sales().encryptionState()).isEqualTo(DatabaseEncryption.PROTECTION_CHANGE);
    assertThat(sales().isEncryptedBy(key2)).isTrue();
    assertThat(gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2")).isEqualTo(ALREADY_DONE);

    sql.clock.advance(Duration.ofMinutes(10));
    assertThat(sales().encryptionState()).isEqualTo(DatabaseEncryption.ENCRYPTED);
  }

  @Test
  void waitsWithoutSendingTheStatementWhileAProtectionChangeToAnotherKeyFinishes() {
    sql.instance.protectionChangeDuration(Duration.ofMinutes(10));
    gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2");
    sql.instance.faults().clear();

    assertThat(gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY1")).isEqualTo(IN_PROGRESS);
    assertThat(alterWasSent()).isFalse();
    assertThat(sales().isEncryptedBy(key2)).isTrue();
  }

  @Test
  void waitsWithoutSendingTheStatementWhileAKeyChangeScanRuns() {
    sql.instance.database("Sales").startScan(Scan.KEY_CHANGE);
    sql.instance.faults().clear();

    assertThat(gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2")).isEqualTo(IN_PROGRESS);
    assertThat(alterWasSent()).isFalse();

    sql.instance.database("Sales").finishScan();
    assertThat(gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2")).isEqualTo(APPLIED);
    assertThat(sales().isEncryptedBy(key2)).isTrue();
  }

  @Test
  void waitsWhenAScanStartsBetweenTheReadAndTheStatement() {
    sql.instance.faults().failStatements(ALTER_DEK, new SqlServerError(33110, 1, 16, "Cannot change database "
        + "encryption key while an encryption, decryption, or key change scan is in progress."), 1);
    assertThat(gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2")).isEqualTo(IN_PROGRESS);
    assertThat(sales().isEncryptedBy(key1)).isTrue();
  }

  @Test
  void asksForALogBackupAfterTwoKeyChangesAndRetries() {
    gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2");
    gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY1");
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2"));
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("33122").contains("Take a log backup of the database (BACKUP LOG)");

    sql.instance.backUpLog("Sales");
    assertThat(gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2")).isEqualTo(APPLIED);
  }

  @Test
  void waitsForARunningDataBackupAsARetryableFailure() {
    sql.instance.database("Sales").startDataBackup();
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2"));
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("3023").contains("Wait for the backup to finish");

    sql.instance.database("Sales").finishDataBackup();
    assertThat(gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2")).isEqualTo(APPLIED);
  }

  @Test
  void refusesADatabaseWithAReadOnlyFilegroupAndSaysWhatToChange() {
    sql.instance.database("Sales").filegroupReadOnly(true);
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2"));
    assertThat(e.reason()).isEqualTo(FailureReason.Conflict);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("33118").contains("READ_WRITE");
    assertThat(sales().isEncryptedBy(key1)).isTrue();
  }
}

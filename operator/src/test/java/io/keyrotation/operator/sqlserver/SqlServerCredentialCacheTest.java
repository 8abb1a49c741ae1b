package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The EKM provider keeps using a credential's old secret until the instance restarts: removing
 * the old client secret before that restart makes TDE databases unreadable.
 */
class SqlServerCredentialCacheTest {
  private static final String NEW_SECRET = "Zz9~the.new-client-secret_0002";
  private StandInSqlServer sql;
  private SqlServerGateway gateway;

  @BeforeEach
  void start() throws Exception {
    sql = StandInSqlServer.start();
    gateway = sql.gateway();
    sql.vaults.addClientSecret(StandInSqlServer.CLIENT_ID, NEW_SECRET, sql.clock.instant().plus(Duration.ofDays(730)));
    sql.clock.advance(Duration.ofMinutes(10));
    gateway.alterCredentialSecret("Azure_EKM_TDE_cred1", StandInSqlServer.VAULT,
        EkmCredentialSecret.of(StandInSqlServer.CLIENT_ID, NEW_SECRET));
    sql.clock.advance(Duration.ofMinutes(10));
  }

  @AfterEach
  void stop() {
    sql.close();
  }

  private LocalDateTime credentialModified() {
    return gateway.credentials().stream().filter(c -> c.name().equals("Azure_EKM_TDE_cred1")).findFirst()
        .orElseThrow().modifiedAt();
  }

  @Test
  void showsTheRestartIsStillPendingAfterTheSecretChanged() {
    assertThat(gateway.startTime()).isBefore(credentialModified());
    assertThat(gateway.restartPendingFor("Azure_EKM_TDE_cred1")).isTrue();
    assertThat(gateway.restartPendingFor("sysadmin_ekm_cred")).isFalse();
    sql.instance.restart();
    assertThat(gateway.startTime()).isAfter(credentialModified());
    assertThat(gateway.restartPendingFor("Azure_EKM_TDE_cred1")).isFalse();
  }

  @Test
  void makesDatabasesUnreadableWhenTheOldSecretIsRemovedBeforeTheRestart() {
    sql.createVaultKey("ContosoTdeKey2");
    gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS);
    gateway.createLoginFromAsymmetricKey("TDE_Login2", "TDE_KEY2");
    gateway.createCredential("Azure_EKM_TDE_cred2", StandInSqlServer.VAULT,
        EkmCredentialSecret.of(StandInSqlServer.CLIENT_ID, NEW_SECRET));
    gateway.addCredentialToLogin("TDE_Login2", "Azure_EKM_TDE_cred2");

    sql.vaults.removeClientSecret(StandInSqlServer.CLIENT_ID, StandInSqlServer.CLIENT_SECRET);
    sql.instance.reopenAllDatabases(); // the engine reopens the keys, e.g. for a checkpoint or backup

    assertThat(gateway.databaseEncryption()).allSatisfy(db -> assertThat(db.state()).isEqualTo("RECOVERY_PENDING"));
    GatewayException e = catchThrowableOfType(GatewayException.class,
        () -> gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2"));
    assertThat(e.reason()).isEqualTo(FailureReason.Unauthenticated);
    assertThat(e.getMessage()).contains("3108").doesNotContain(NEW_SECRET).doesNotContain(StandInSqlServer.CLIENT_SECRET);

    sql.instance.restart(); // now the provider reads the new secret
    assertThat(gateway.databaseEncryption()).allSatisfy(db -> assertThat(db.state()).isEqualTo("ONLINE"));
  }

  @Test
  void keepsDatabasesReadableWhenTheOldSecretIsRemovedOnlyAfterTheRestart() {
    sql.instance.restart();
    sql.vaults.removeClientSecret(StandInSqlServer.CLIENT_ID, StandInSqlServer.CLIENT_SECRET);
    sql.instance.reopenAllDatabases();
    assertThat(gateway.databaseEncryption()).allSatisfy(db -> assertThat(db.state()).isEqualTo("ONLINE"));
  }

  @Test
  void keepsUsingTheOldSecretBeforeTheRestartWhileItStillWorks() {
    sql.instance.reopenAllDatabases();
    assertThat(gateway.databaseEncryption()).allSatisfy(db -> assertThat(db.state()).isEqualTo("ONLINE"));
  }
}

package io.keyrotation.operator.sqlserver;

import static io.keyrotation.operator.sqlserver.StepResult.ALREADY_DONE;
import static io.keyrotation.operator.sqlserver.StepResult.APPLIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ownership of asymmetric keys, the operator's own EKM credential, and the permissions SQL Server
 * checks, through the real gateway against the stand-in (the operator's login has exactly the
 * demo's grants, not sysadmin).
 */
class SqlServerGatewaySecurityTest {
  private static final String DBA = SqlServerDemo.DBA_LOGIN;
  private static final String SECRET_TEXT = StandInSqlServer.CLIENT_ID.replace("-", "") + StandInSqlServer.CLIENT_SECRET;
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

  private static void assertFails(ThrowingCallable call, FailureReason reason, String text) {
    assertThatThrownBy(call).isInstanceOfSatisfying(GatewayException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.getMessage()).contains(text);
    });
  }

  /** The DBA adds provider EKM2 with its own credential and registers a key there the operator may see. */
  private void dbaRegistersKeyInAnotherProvider(String keyName) throws Exception {
    sql.instance.createCryptographicProvider("EKM2");
    sql.instance.execute(DBA, "CREATE CREDENTIAL dba_ekm2 WITH IDENTITY = '" + StandInSqlServer.VAULT + "', SECRET = '"
        + SECRET_TEXT + "' FOR CRYPTOGRAPHIC PROVIDER EKM2; ALTER LOGIN dba ADD CREDENTIAL dba_ekm2; "
        + "CREATE ASYMMETRIC KEY [" + keyName + "] FROM PROVIDER EKM2 WITH PROVIDER_KEY_NAME = 'ContosoTdeKey2', "
        + "CREATION_DISPOSITION = OPEN_EXISTING; GRANT VIEW DEFINITION ON ASYMMETRIC KEY::[" + keyName
        + "] TO [keyrotation]");
  }

  @Test
  void takesAnExistingKeyItRecordedInStatusAsAlreadyDoneButAnUnrecordedOneAsAConflict() {
    assertThat(gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS))
        .isEqualTo(APPLIED);
    assertThat(gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS))
        .isEqualTo(ALREADY_DONE);
    assertFails(() -> gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.NOT_RECORDED),
        FailureReason.Conflict, "no record of creating it");
  }

  @Test
  void refusesARecordedKeyNameThatAnotherProviderHolds() throws Exception {
    dbaRegistersKeyInAnotherProvider("TDE_KEY_EKM2");
    assertFails(() -> gateway.createAsymmetricKey("TDE_KEY_EKM2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS),
        FailureReason.Conflict, "belongs to provider 'EKM2'");
  }

  @Test
  void refusesAnExistingCredentialForAnotherVault() {
    assertFails(() -> gateway.createCredential("Azure_EKM_TDE_cred1", "contoso-other", StandInSqlServer.secret()),
        FailureReason.Conflict, "identity 'contoso-tde'");
  }

  @Test
  void refusesAnExistingCredentialForAnotherProvider() throws Exception {
    dbaRegistersKeyInAnotherProvider("TDE_KEY_EKM2");
    assertFails(() -> gateway.createCredential("dba_ekm2", StandInSqlServer.VAULT, StandInSqlServer.secret()),
        FailureReason.Conflict, "for provider 'EKM2'");
  }

  @Test
  void refusesAnExistingLoginThatBelongsToAnotherAsymmetricKey() {
    gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS);
    assertFails(() -> gateway.createLoginFromAsymmetricKey("TDE_Login1", "TDE_KEY2"), FailureReason.Conflict,
        "exists for asymmetric key 'TDE_KEY1'");
  }

  @Test
  void createsAndMapsTheOperatorsOwnEkmCredentialWhichCreateAsymmetricKeyNeeds() throws Exception {
    sql.instance.execute(DBA, "ALTER LOGIN keyrotation DROP CREDENTIAL sysadmin_ekm_cred");
    assertFails(() -> gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS),
        FailureReason.Unauthenticated, "needs an EKM credential for the provider mapped to it");

    assertThat(gateway.ensureOwnEkmCredential("keyrotation_ekm_cred", StandInSqlServer.VAULT,
        StandInSqlServer.secret())).isEqualTo(APPLIED);
    assertThat(gateway.ensureOwnEkmCredential("keyrotation_ekm_cred", StandInSqlServer.VAULT,
        StandInSqlServer.secret())).isEqualTo(ALREADY_DONE);
    assertThat(gateway.credentialsOfLogin(StandInSqlServer.OPERATOR_LOGIN)).containsExactly("keyrotation_ekm_cred");
    assertThat(gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS))
        .isEqualTo(APPLIED);
  }

  @Test
  void refusesASecondOwnEkmCredentialForTheSameProvider() {
    assertFails(() -> gateway.ensureOwnEkmCredential("another_ekm_cred", StandInSqlServer.VAULT,
        StandInSqlServer.secret()), FailureReason.Conflict, "already has credential 'sysadmin_ekm_cred'");
  }

  @Test
  void reportsReEncryptionWithoutControlOnTheDatabaseAsForbidden() {
    gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS);
    sql.instance.revoke(StandInSqlServer.OPERATOR_LOGIN, "CONTROL ON DATABASE::Sales");
    assertFails(() -> gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2"), FailureReason.Forbidden, "error 297");
  }

  @Test
  void cannotSeeOrUseAKeyItNeitherOwnsNorWasGrantedViewDefinitionOn() throws Exception {
    sql.instance.execute(DBA, "CREATE CREDENTIAL dba_ekm WITH IDENTITY = '" + StandInSqlServer.VAULT + "', SECRET = '"
        + SECRET_TEXT + "' FOR CRYPTOGRAPHIC PROVIDER EKM; ALTER LOGIN dba ADD CREDENTIAL dba_ekm; "
        + "CREATE ASYMMETRIC KEY DBA_KEY FROM PROVIDER EKM WITH PROVIDER_KEY_NAME = 'ContosoTdeKey2', "
        + "CREATION_DISPOSITION = OPEN_EXISTING; CREATE LOGIN DBA_Login FROM ASYMMETRIC KEY DBA_KEY; "
        + "CREATE CREDENTIAL dba_tde WITH IDENTITY = '" + StandInSqlServer.VAULT + "', SECRET = '" + SECRET_TEXT
        + "' FOR CRYPTOGRAPHIC PROVIDER EKM; ALTER LOGIN DBA_Login ADD CREDENTIAL dba_tde");
    assertThat(gateway.asymmetricKeys()).extracting(AsymmetricKey::name).containsExactly("TDE_KEY1");
    assertFails(() -> gateway.encryptDatabaseKeyWith("Sales", "DBA_KEY"), FailureReason.NotFound, "DBA_KEY");

    sql.instance.execute(DBA, "GRANT VIEW DEFINITION ON ASYMMETRIC KEY::DBA_KEY TO keyrotation");
    assertThat(gateway.encryptDatabaseKeyWith("Sales", "DBA_KEY")).isEqualTo(APPLIED);
  }

  @Test
  void sendsTheNewSecretSoTheEkmPathStillWorksAfterTheOldSecretIsGoneAndTheInstanceRestarted() {
    String newSecret = "Zz9~the.new-client-secret_0002";
    sql.vaults.addClientSecret(StandInSqlServer.CLIENT_ID, newSecret, sql.clock.instant().plus(Duration.ofDays(730)));
    gateway.alterCredentialSecret("Azure_EKM_TDE_cred1", StandInSqlServer.VAULT,
        EkmCredentialSecret.of(StandInSqlServer.CLIENT_ID, newSecret));
    sql.vaults.removeClientSecret(StandInSqlServer.CLIENT_ID, StandInSqlServer.CLIENT_SECRET);
    sql.instance.restart();
    assertThat(sql.instance.databaseState("Sales")).isEqualTo("ONLINE");
  }

  @Test
  void listsOnlyTheDatabasesItsLoginMaySee() {
    sql.instance.revoke(StandInSqlServer.OPERATOR_LOGIN, "VIEW ANY DATABASE")
        .revoke(StandInSqlServer.OPERATOR_LOGIN, "CONTROL ON DATABASE::Inventory");
    assertThat(gateway.databaseEncryption()).extracting(DatabaseEncryption::name).containsExactly("Sales");
    assertFails(() -> gateway.encryptDatabaseKeyWith("Inventory", "TDE_KEY1"), FailureReason.NotFound, "Inventory");
  }
}

package io.keyrotation.operator.sqlserver;

import static io.keyrotation.operator.sqlserver.StepResult.ALREADY_DONE;
import static io.keyrotation.operator.sqlserver.StepResult.APPLIED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each rotation step of DOMAIN.md section 1, run twice to prove it is idempotent. */
class SqlServerGatewayStepsTest {
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
  void createsTheAsymmetricKeyFromTheProviderOnceAndThenFindsIt() {
    sql.createVaultKey("ContosoTdeKey2");
    assertThat(gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS)).isEqualTo(APPLIED);
    assertThat(gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS)).isEqualTo(ALREADY_DONE);
    assertThat(gateway.asymmetricKeys()).filteredOn(k -> k.name().equals("TDE_KEY2")).singleElement()
        .satisfies(k -> {
          assertThat(k.heldByProvider()).isTrue();
          assertThat(k.providerName()).isEqualTo("EKM");
        });
  }

  @Test
  void createsTheAsymmetricKeyFromAVersionedProviderKeyName() {
    String version = sql.vaults.addKeyVersion(StandInSqlServer.VAULT, StandInSqlServer.KEY1);
    String versioned = StandInSqlServer.KEY1 + "/" + version;
    assertThat(gateway.createAsymmetricKey("TDE_KEY1_V2", versioned, KeyIntent.RECORDED_IN_STATUS)).isEqualTo(APPLIED);
    assertThat(gateway.createAsymmetricKey("TDE_KEY1_V2", versioned, KeyIntent.RECORDED_IN_STATUS)).isEqualTo(ALREADY_DONE);
    List<AsymmetricKey> keys = gateway.asymmetricKeys();
    assertThat(keys).extracting(AsymmetricKey::thumbprint).doesNotHaveDuplicates();
    assertThat(keys).extracting(AsymmetricKey::name).contains("TDE_KEY1_V2");
  }

  @Test
  void refusesAnExistingAsymmetricKeyTheOperatorHasNoRecordOf() {
    sql.createVaultKey("ContosoTdeKey2");
    assertThatThrownBy(() -> gateway.createAsymmetricKey("TDE_KEY1", "ContosoTdeKey2", KeyIntent.NOT_RECORDED))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.Conflict));
  }

  @Test
  void runsTheWholeRotationTwiceAndEndsWithEveryDatabaseOnTheNewKey() {
    sql.createVaultKey("ContosoTdeKey2");
    for (int run = 1; run <= 2; run++) {
      StepResult expected = run == 1 ? APPLIED : ALREADY_DONE;
      assertThat(gateway.createAsymmetricKey("TDE_KEY2", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS)).isEqualTo(expected);
      assertThat(gateway.createLoginFromAsymmetricKey("TDE_Login2", "TDE_KEY2")).isEqualTo(expected);
      assertThat(gateway.createCredential("Azure_EKM_TDE_cred2", StandInSqlServer.VAULT, StandInSqlServer.secret()))
          .isEqualTo(expected);
      assertThat(gateway.addCredentialToLogin("TDE_Login2", "Azure_EKM_TDE_cred2")).isEqualTo(expected);
      assertThat(gateway.encryptDatabaseKeyWith("Sales", "TDE_KEY2")).isEqualTo(expected);
      assertThat(gateway.encryptDatabaseKeyWith("Inventory", "TDE_KEY2")).isEqualTo(expected);
    }
    String newThumbprint = gateway.asymmetricKeys().stream().filter(k -> k.name().equals("TDE_KEY2"))
        .findFirst().orElseThrow().thumbprint();
    assertThat(gateway.databaseEncryption()).allSatisfy(db -> assertThat(db.isEncryptedBy(newThumbprint)).isTrue());
    assertThat(sql.instance.encryptorThumbprint("Sales")).contains(newThumbprint);
    assertThat(gateway.loginsFromAsymmetricKeys())
        .contains(new KeyMappedLogin("TDE_Login2", "TDE_KEY2", List.of("Azure_EKM_TDE_cred2")));
    // the old key stays: the log still holds VLFs encrypted with it until a log backup
    String oldThumbprint = gateway.asymmetricKeys().stream().filter(k -> k.name().equals("TDE_KEY1"))
        .findFirst().orElseThrow().thumbprint();
    assertThat(gateway.logThumbprints("Sales")).contains(Set.of(oldThumbprint, newThumbprint));
    sql.instance.backUpLog("Sales");
    assertThat(gateway.logThumbprints("Sales")).contains(Set.of(newThumbprint));
  }

  @Test
  void addsAndDropsACredentialMappingIdempotentlyWithoutDroppingTheCredential() {
    gateway.createCredential("Azure_EKM_spare", StandInSqlServer.VAULT, StandInSqlServer.secret());
    assertThat(gateway.dropCredentialFromLogin("TDE_Login1", "Azure_EKM_TDE_cred1")).isEqualTo(APPLIED);
    assertThat(gateway.dropCredentialFromLogin("TDE_Login1", "Azure_EKM_TDE_cred1")).isEqualTo(ALREADY_DONE);
    assertThat(gateway.addCredentialToLogin("TDE_Login1", "Azure_EKM_spare")).isEqualTo(APPLIED);
    assertThat(gateway.addCredentialToLogin("TDE_Login1", "Azure_EKM_spare")).isEqualTo(ALREADY_DONE);
    assertThat(gateway.credentialsOfLogin("TDE_Login1")).containsExactly("Azure_EKM_spare");
    assertThat(gateway.credentials()).extracting(SqlCredential::name).contains("Azure_EKM_TDE_cred1");
  }

  @Test
  void altersTheCredentialSecretAndRecordsTheModificationTime() {
    sql.clock.advance(java.time.Duration.ofDays(30));
    EkmCredentialSecret secret = EkmCredentialSecret.of(StandInSqlServer.CLIENT_ID, "a-new-client-secret-value");
    // the secret cannot be read back, so the step always applies; repeating it changes nothing else
    assertThat(gateway.alterCredentialSecret("Azure_EKM_TDE_cred1", StandInSqlServer.VAULT, secret)).isEqualTo(APPLIED);
    assertThat(gateway.alterCredentialSecret("Azure_EKM_TDE_cred1", StandInSqlServer.VAULT, secret)).isEqualTo(APPLIED);
    assertThat(gateway.credentials()).extracting(SqlCredential::identity).containsOnly(StandInSqlServer.VAULT);
    SqlCredential altered = gateway.credentials().stream().filter(c -> c.name().equals("Azure_EKM_TDE_cred1"))
        .findFirst().orElseThrow();
    assertThat(altered.modifiedAt()).isAfter(gateway.startTime());
  }

  @Test
  void refusesToReEncryptADatabaseWithoutEncryptionKey() {
    sql.instance.createDatabase("Plain");
    assertThatThrownBy(() -> gateway.encryptDatabaseKeyWith("Plain", "TDE_KEY1"))
        .isInstanceOfSatisfying(GatewayException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.InvalidSpec));
  }

  @Test
  void reportsAMissingDatabaseAsNotFound() {
    assertThatThrownBy(() -> gateway.encryptDatabaseKeyWith("Nope", "TDE_KEY1"))
        .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.NotFound));
  }
}

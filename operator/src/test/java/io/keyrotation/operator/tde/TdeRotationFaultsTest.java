package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.keyrotation.operator.api.tde.RotationStep;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Faults from the vault and SQL Server in the middle of a rotation: reported, retried with backoff, never doubled. */
class TdeRotationFaultsTest {
  static final int MAX = 40;
  TdeSandbox sandbox;
  ReconcileDriver driver;
  KeyVaultStandIn vault;

  @BeforeEach
  void start() {
    sandbox = new TdeSandbox(1);
    vault = sandbox.keyVault.primary();
    driver = new ReconcileDriver(sandbox, sandbox.policy("faults"));
    driver.reconcile();
    driver.reconcile();
    assertThat(TdeRotationEndToEndTest.ready(driver.policy, "True")).isTrue();
  }

  @AfterEach
  void stop() {
    try {
      sandbox.invariants().assertHold();
    } finally {
      sandbox.close();
    }
  }

  @ParameterizedTest(name = "vault answers {0}")
  @ValueSource(ints = {429, 503})
  void aVaultThatThrottlesOrFailsIsRetriedAfterABackoffNotInALoop(int status) {
    driver.rotateNow("1");
    driver.reconcile();
    vault.faults().forceStatus(status);

    TdeKeyPolicy failed = driver.reconcile();
    Condition ready = TdeRotationEndToEndTest.condition(failed, "Ready");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isIn("Throttled", "Unavailable");
    assertThat(TdeRotationEndToEndTest.condition(failed, "Degraded").getStatus()).isEqualTo("True");
    assertThat(failed.getStatus().rotation().nextAttemptTime()).isNotNull();
    int requests = vault.requests().size();
    driver.reconcile();
    driver.reconcile();
    assertThat(vault.requests()).as("no call to the vault before the backoff is over").hasSize(requests);

    vault.faults().clear();
    driver.clock.advance(Duration.ofMinutes(1));
    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, MAX);
    assertThat(ReconcileDriver.rotated(done)).isTrue();
    assertThat(vault.keyNames()).hasSize(2);
    assertThat(TdeRotationEndToEndTest.ready(done, "True")).isTrue();
  }

  @Test
  void forbiddenOnCreateIsOneClearConditionWithoutARetryStormAndASpecChangeRetries() {
    vault.revoke(KeyVaultDemo.OPERATOR_CLIENT_ID, KeyPermission.CREATE);
    driver.rotateNow("1");
    driver.reconcile();

    TdeKeyPolicy refused = driver.reconcile();
    Condition ready = TdeRotationEndToEndTest.condition(refused, "Ready");
    assertThat(ready.getReason()).isEqualTo("Forbidden");
    assertThat(ready.getMessage()).contains("create").contains("Not retried quickly");
    int requests = vault.requests().size();
    for (int i = 0; i < 5; i++) {
      driver.clock.advance(Duration.ofMinutes(10));
      driver.reconcile();
    }
    assertThat(vault.requests()).as("no retry while nothing changed").hasSize(requests);
    assertThat(sandbox.events("faults")).filteredOn(e -> "Forbidden".equals(e.getReason())).hasSize(1)
        .allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));

    vault.grant(KeyVaultDemo.OPERATOR_CLIENT_ID, KeyPermission.CREATE);
    driver.policy.getMetadata().setGeneration(2L);
    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, MAX);
    assertThat(ReconcileDriver.rotated(done)).isTrue();
    assertThat(vault.keyNames()).hasSize(2);
  }

  @Test
  void aConnectionDroppedWhileReencryptingADatabaseIsResumedWithoutRedoingIt() {
    driver.rotateNow("1");
    driver.reconcileUntil(p -> p.getStatus().rotation() != null
        && p.getStatus().rotation().step() == RotationStep.ReencryptDatabases, MAX);
    var faults = sandbox.sql.get(0).instance().faults();
    faults.dropConnectionAfter("ALTER DATABASE ENCRYPTION KEY");

    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, MAX);

    assertThat(ReconcileDriver.rotated(done)).isTrue();
    assertThat(sandbox.encryptorThumbprints(0)).allSatisfy((db, t) -> assertThat(t).isEqualTo(done.getStatus().activeKey().thumbprint()));
    assertThat(faults.requestTexts()).as("each database's key changed once, the dropped one not again")
        .filteredOn(t -> t.contains("ALTER DATABASE ENCRYPTION KEY")).hasSize(2);
    assertThat(sandbox.asymmetricKeys(0)).hasSize(2);
  }

  @Test
  void aNameTakenByAForeignKeyBeforeOrDuringTheRotationMovesToTheNextSuffix() {
    String today = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(driver.clock.instant());
    vault.createKey("sqltde-" + today, false, 2048, Map.of("owner", "someone-else"));
    driver.rotateNow("1");
    TdeKeyPolicy started = driver.reconcile();
    assertThat(started.getStatus().rotation().targetKeyName()).isEqualTo("sqltde-" + today + "-2");

    vault.createKey("sqltde-" + today + "-2", false, 2048, Map.of("owner", "someone-else"));
    TdeKeyPolicy moved = driver.reconcile();
    assertThat(moved.getStatus().rotation().targetKeyName()).isEqualTo("sqltde-" + today + "-3");
    assertThat(sandbox.events("faults")).extracting(Event::getReason).contains("KeyNameTaken");

    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, MAX);
    assertThat(done.getStatus().activeKey().keyName()).isEqualTo("sqltde-" + today + "-3");
    assertThat(vault.versionsOf("sqltde-" + today)).hasSize(1);
    assertThat(vault.versionsOf("sqltde-" + today + "-2")).hasSize(1);
  }

  @Test
  void aSoftDeletedKeyHoldsItsNameSoTheNextSuffixIsUsed() {
    String today = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(driver.clock.instant());
    vault.createKey("sqltde-" + today, false, 2048, Map.of());
    vault.softDelete("sqltde-" + today);
    driver.rotateNow("1");

    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, MAX);
    assertThat(done.getStatus().activeKey().keyName()).isEqualTo("sqltde-" + today + "-2");
    assertThat(vault.isSoftDeleted("sqltde-" + today)).isTrue();
  }

  @Test
  void whenTheConnectorMayNotWrapWithTheNewKeySqlServerRefusesAndNoDatabaseIsTouched() {
    var before = sandbox.encryptorThumbprints(0);
    driver.rotateNow("1");
    driver.reconcileUntil(p -> p.getStatus().rotation() != null
        && p.getStatus().rotation().step() == RotationStep.RegisterOnInstances, MAX);
    vault.revoke(KeyVaultDemo.EKM_CLIENT_ID, KeyPermission.WRAP_KEY);

    TdeKeyPolicy refused = driver.reconcile();
    for (int i = 0; i < 3; i++) {
      driver.clock.advance(Duration.ofMinutes(2));
      refused = driver.reconcile();
    }

    Condition ready = TdeRotationEndToEndTest.condition(refused, "Ready");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).contains("2058");
    assertThat(refused.getStatus().rotation().step()).isEqualTo(RotationStep.RegisterOnInstances);
    assertThat(sandbox.encryptorThumbprints(0)).isEqualTo(before);
    assertThat(refused.getStatus().activeKey().asymmetricKeyName()).isEqualTo(SqlServerDemo.ASYMMETRIC_KEY);
  }

  @Test
  void aDatabaseThatNeedsALogBackupIsReportedWithWhatToDoWhileTheOtherGoesOn() {
    var sql = sandbox.sql.get(0).instance();
    for (String trigger : new String[] {"1", "2"}) {
      driver.rotateNow(trigger);
      assertThat(ReconcileDriver.rotated(driver.reconcileUntil(
          p -> trigger.equals(p.getStatus().lastManualTrigger()) && ReconcileDriver.rotated(p), MAX))).isTrue();
    }
    sql.backUpLog("Inventory");
    driver.rotateNow("3");
    TdeKeyPolicy waiting = driver.reconcileUntil(p -> p.getStatus().rotation() != null
        && TdeRotationEndToEndTest.condition(p, "Degraded").getMessage().contains("Sales"), MAX);

    String newKey = waiting.getStatus().rotation().sqlObjects().asymmetricKey();
    Condition degraded = TdeRotationEndToEndTest.condition(waiting, "Degraded");
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getMessage()).contains("Sales").containsIgnoringCase("log backup");
    assertThat(sandbox.encryptorThumbprints(0).get("Inventory")).isEqualTo(sandbox.asymmetricKeys(0).get(newKey));
    assertThat(sandbox.encryptorThumbprints(0).get("Sales")).isNotEqualTo(sandbox.asymmetricKeys(0).get(newKey));

    sql.backUpLog("Sales");
    driver.clock.advance(Duration.ofMinutes(1));
    TdeKeyPolicy done = driver.reconcileUntil(p -> "3".equals(p.getStatus().lastManualTrigger()) && ReconcileDriver.rotated(p), MAX);
    assertThat(sandbox.encryptorThumbprints(0)).allSatisfy((db, t) -> assertThat(t).isEqualTo(done.getStatus().activeKey().thumbprint()));
  }

  @Test
  void aRunningEncryptionScanIsWaitedForNotForced() {
    var sales = sandbox.sql.get(0).instance().database("Sales");
    sales.startScan(io.keyrotation.sandbox.sqlserver.engine.DatabaseAdmin.Scan.values()[0]);
    driver.rotateNow("1");
    TdeKeyPolicy waiting = driver.reconcileUntil(p -> p.getStatus().rotation() != null
        && TdeRotationEndToEndTest.condition(p, "Progressing").getMessage().contains("Sales"), MAX);
    assertThat(TdeRotationEndToEndTest.condition(waiting, "Progressing").getMessage()).contains("not forced");

    sales.finishScan();
    driver.clock.advance(Duration.ofMinutes(1));
    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, MAX);
    assertThat(ReconcileDriver.rotated(done)).isTrue();
    assertThat(sandbox.encryptorThumbprints(0)).allSatisfy((db, t) -> assertThat(t).isEqualTo(done.getStatus().activeKey().thumbprint()));
  }
}

package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.api.tde.KeyRotationProgress.InstanceProgress;
import io.keyrotation.operator.api.tde.RotationStep;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas of availability group "ag" (sql-0 primary, sql-1 secondary) holding Sales and Inventory. */
class TdeRotationAvailabilityGroupTest {
  static final int MAX = 40;
  TdeSandbox sandbox;
  ReconcileDriver driver;

  @BeforeEach
  void start() {
    sandbox = new TdeSandbox(2, true);
    driver = new ReconcileDriver(sandbox, sandbox.policy("ag"));
    driver.reconcile();
    driver.reconcile();
    driver.rotateNow("1");
  }

  @AfterEach
  void stop() {
    try {
      sandbox.invariants().assertHold();
    } finally {
      sandbox.close();
    }
  }

  @Test
  void everyReplicaHasTheNewKeyBeforeThePrimaryReencryptsAndEachVerifiesWithItsOwnThumbprint() {
    Map<String, String> before = sandbox.encryptorThumbprints(0);
    TdeKeyPolicy ready = driver.reconcileUntil(p -> p.getStatus().rotation() != null
        && p.getStatus().rotation().step() == RotationStep.ReencryptDatabases, MAX);
    String newKey = ready.getStatus().rotation().sqlObjects().asymmetricKey();
    assertThat(ready.getStatus().rotation().instances()).extracting(InstanceProgress::instance).containsExactly("sql-0", "sql-1");
    assertThat(sandbox.asymmetricKeys(1)).containsKey(newKey);
    assertThat(sandbox.encryptorThumbprints(0)).isEqualTo(before);
    assertThat(sandbox.encryptorThumbprints(1)).isEqualTo(before);

    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, MAX);
    assertThat(ReconcileDriver.rotated(done)).isTrue();
    for (int replica = 0; replica < 2; replica++) {
      String thumbprint = sandbox.asymmetricKeys(replica).get(newKey);
      assertThat(sandbox.encryptorThumbprints(replica)).allSatisfy((db, t) -> assertThat(t).isEqualTo(thumbprint));
    }
    for (String database : SqlServerDemo.DATABASES) {
      assertThat(sandbox.sql.get(1).instance().databaseState(database)).isEqualTo("ONLINE");
    }
  }

  @Test
  void aFailoverBetweenDatabasesContinuesOnTheNewPrimary() {
    TdeKeyPolicy oneDone = driver.reconcileUntil(p -> p.getStatus().rotation() != null
        && p.getStatus().rotation().databases() != null && p.getStatus().rotation().databases().size() == 1, MAX);
    assertThat(oneDone.getStatus().rotation().databases()).singleElement()
        .satisfies(d -> assertThat(d.instance()).isEqualTo("sql-0"));

    sandbox.group.failover(sandbox.sql.get(1).instance());
    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, MAX);

    assertThat(ReconcileDriver.rotated(done)).isTrue();
    String newKey = done.getStatus().activeKey().asymmetricKeyName();
    for (int replica = 0; replica < 2; replica++) {
      String thumbprint = sandbox.asymmetricKeys(replica).get(newKey);
      assertThat(sandbox.encryptorThumbprints(replica)).allSatisfy((db, t) -> assertThat(t).isEqualTo(thumbprint));
    }
    assertThat(done.getStatus().previousKeys()).singleElement()
        .satisfies(k -> assertThat(k.asymmetricKeyName()).isEqualTo(SqlServerDemo.ASYMMETRIC_KEY));
  }
}

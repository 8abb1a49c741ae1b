package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.keyvault.VaultOperation;
import io.keyrotation.sandbox.kubernetes.ApiFaults;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes API fails the operator while a rotation is in flight: status writes answered 409 Conflict (as when
 * another writer got there first), or the whole API server unavailable for a while. JOSDK retries, informers resync,
 * the workflow recognises on its next reconcile what a lost status write would have recorded, and the rotation
 * completes with every side effect made once and no InternalError anywhere.
 */
class TdeKubernetesApiFaultsTest {
  static final Duration PATIENCE = Duration.ofSeconds(120);
  static final String POLICY = "conflicted";
  static final String TRIGGER = "under-api-faults";
  /** Longer than JOSDK's default retries of one failed reconcile (5 attempts, 2 s growing by 1.5). */
  static final Duration OUTAGE = Duration.ofSeconds(20);
  TdeSandbox sandbox;

  @BeforeEach
  void start() {
    sandbox = new TdeSandbox(1);
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
  void aRotationWhoseStatusWritesConflictCompletesWithEverySideEffectOnce() throws InterruptedException {
    ApiFaults faults = sandbox.harness.kubernetes().faults();
    sandbox.apply(sandbox.policy(POLICY));
    awaitPolicy(p -> p.getStatus() != null && p.getStatus().activeKey() != null);
    sandbox.sql.get(0).instance().faults().clear();
    sandbox.keyVault.primary().clearRequests();

    sandbox.rotateNow(POLICY, TRIGGER);
    Set<String> readyReasons = new HashSet<>();
    int armed = 0;
    String armedAt = null;
    Instant deadline = Instant.now().plus(PATIENCE);
    for (TdeKeyPolicy seen = sandbox.get(POLICY); !rotated(seen) && Instant.now().isBefore(deadline); seen = sandbox.get(POLICY)) {
      String version = seen.getMetadata().getResourceVersion();
      if (faults.injected() == armed && !version.equals(armedAt)) {
        // After each successful write the next status write conflicts: every step's first write is lost, its retry lands.
        faults.conflictOnNextStatusWrites("tdekeypolicies", TdeSandbox.NS, POLICY, 1);
        armed++;
        armedAt = version;
      }
      readyReasons.add(readyReason(seen));
      Thread.sleep(20);
    }
    faults.clear();
    TdeKeyPolicy policy = sandbox.get(POLICY);

    assertThat(rotated(policy)).as("rotation finished under conflicts; status: %s", policy.getStatus()).isTrue();
    assertThat(armed).as("status writes answered 409").isGreaterThanOrEqualTo(3);
    assertEverySideEffectOnce(policy, readyReasons);
  }

  @Test
  void aRotationInFlightWhileTheApiServerIsUnavailableFinishesAfterItReturns() throws InterruptedException {
    ApiFaults faults = sandbox.harness.kubernetes().faults();
    sandbox.apply(sandbox.policy(POLICY));
    awaitPolicy(p -> p.getStatus() != null && p.getStatus().activeKey() != null);
    sandbox.sql.get(0).instance().faults().clear();
    sandbox.keyVault.primary().clearRequests();

    String oldThumbprint = sandbox.asymmetricKeys(0).get(SqlServerDemo.ASYMMETRIC_KEY);
    sandbox.rotateNow(POLICY, TRIGGER);
    // The outage starts as soon as the new vault key exists: the databases are still on the old key.
    org.awaitility.Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
        .until(() -> sandbox.keyVault.primary().keyNames().size() == 2);
    faults.unavailable();
    assertThat(sandbox.encryptorThumbprints(0)).as("the rotation is in flight").containsValue(oldThumbprint);
    Thread.sleep(OUTAGE.toMillis());
    faults.available();
    Set<String> readyReasons = new HashSet<>();
    TdeKeyPolicy policy = org.awaitility.Awaitility.await().atMost(PATIENCE).until(() -> sandbox.get(POLICY), p -> {
      readyReasons.add(readyReason(p));
      return rotated(p);
    });

    assertThat(faults.injected()).as("requests answered 503 during the outage").isPositive();
    assertThat(sandbox.harness.informerFailures()).as("no informer stopped for good").isEmpty();
    assertEverySideEffectOnce(policy, readyReasons);
  }

  private void assertEverySideEffectOnce(TdeKeyPolicy policy, Set<String> readyReasons) {
    assertThat(readyReasons).doesNotContain("InternalError");
    assertThat(sandbox.events(POLICY)).extracting(Event::getReason).doesNotContain("InternalError");
    var active = policy.getStatus().activeKey();
    assertThat(sandbox.keyVault.primary().keyNames()).containsExactlyInAnyOrder(KeyVaultDemo.FIRST_KEY, active.keyName());
    assertThat(sandbox.keyVault.primary().requests().stream().filter(r -> r.operation() == VaultOperation.CREATE_KEY && r.status() < 300))
        .as("the vault key created once").hasSize(1);
    assertThat(sandbox.asymmetricKeys(0)).containsOnlyKeys(SqlServerDemo.ASYMMETRIC_KEY, active.asymmetricKeyName());
    assertThat(sandbox.encryptorThumbprints(0)).allSatisfy((db, thumbprint) -> assertThat(thumbprint).isEqualTo(active.thumbprint()));
    List<String> statements = sandbox.sql.get(0).instance().faults().requestTexts();
    assertThat(count(statements, "CREATE ASYMMETRIC KEY")).as("the asymmetric key registered once").isEqualTo(1);
    assertThat(count(statements, "ALTER DATABASE ENCRYPTION KEY")).as("each database re-encrypted once")
        .isEqualTo(SqlServerDemo.DATABASES.size());
  }

  private TdeKeyPolicy awaitPolicy(java.util.function.Predicate<TdeKeyPolicy> done) {
    return org.awaitility.Awaitility.await().atMost(PATIENCE).until(() -> sandbox.get(POLICY), done);
  }

  private static boolean rotated(TdeKeyPolicy p) {
    return p.getStatus() != null && p.getStatus().lastRotationTime() != null && p.getStatus().rotation() == null
        && TRIGGER.equals(p.getStatus().lastManualTrigger());
  }

  private static String readyReason(TdeKeyPolicy p) {
    if (p.getStatus() == null || p.getStatus().conditions() == null) {
      return "";
    }
    return p.getStatus().conditions().stream().filter(c -> "Ready".equals(c.getType())).map(Condition::getReason).findFirst().orElse("");
  }

  /** Statements (batches) that contain {@code what}; only counted, never printed (DDL may carry secrets). */
  private static long count(List<String> statements, String what) {
    return statements.stream().map(s -> s.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ")).filter(s -> s.contains(what)).count();
  }
}

package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.models.BlobItem;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.DrillOutcome;
import io.keyrotation.operator.testing.KeySafetyInvariants;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator dies after every reconcile of two backup runs and a restore drill (each archive batch, each standby
 * restore batch, retention, readiness, the drill's intent and the drill itself), before that reconcile's status was
 * written or right after, and a new operator with no memory continues from status. The crash points come from the same
 * scenario without a crash. Either way: one archive per key (retention keeps one), every key restored once into the
 * standby, nothing deleted in the source or the standby, the scratch vault left empty, the drill passed.
 */
class BackupRunCrashMatrixTest {
  private static final String NS = "backups";
  private static final List<String> KEYS = List.of("tde-a", "tde-b", "tde-c");
  private static final int MAX_RECONCILES = 40;
  private static final AtomicInteger N = new AtomicInteger();
  private static final BackupStandIns STAND_INS = new BackupStandIns();
  private static final KubernetesStandIn KUBERNETES = startKubernetes();

  enum Crash { BeforeStatusWrite, AfterStatusWrite }

  /** The reconciles of the scenario without a crash: phase and step of each. */
  static final List<String> RECONCILES = scenario(r -> null).log();

  static Stream<Arguments> crashPoints() {
    return IntStream.rangeClosed(1, RECONCILES.size()).boxed()
        .flatMap(r -> Arrays.stream(Crash.values()).map(mode -> Arguments.of(r, RECONCILES.get(r - 1), mode)));
  }

  @AfterAll
  static void stop() {
    try {
      KUBERNETES.close();
    } finally {
      STAND_INS.close();
    }
  }

  @Test
  void theScenarioArchivesRestoresAppliesRetentionAndDrills() {
    assertThat(String.join("\n", RECONCILES)).contains("Archive", "Retention", "Restore", "Readiness", "drill");
  }

  @ParameterizedTest(name = "operator dies after reconcile {0} ({1}), {2}")
  @MethodSource("crashPoints")
  void aNewOperatorFinishesWithOneArchivePerKeyAndNothingDeleted(int crashAfter, String reconcile, Crash mode) {
    Outcome outcome = scenario(r -> r == crashAfter ? mode : null);

    assertThat(outcome.crashed()).as("the operator died after reconcile %d; reconciles: %s", crashAfter, outcome.log()).isTrue();
  }

  interface CrashPlan {
    Crash after(int reconcile);
  }

  record Outcome(List<String> log, boolean crashed) {}

  /**
   * A schedule over three keys with a standby and a drill: a manual run, a new version of one key, a second manual
   * run (retention removes that key's older archive), then a drill. Asserts the stand-ins' state after each phase.
   */
  private static Outcome scenario(CrashPlan plan) {
    int n = N.incrementAndGet();
    KeyVaultStandIn source = STAND_INS.startVault("kv-weu-crash" + n, "westeurope");
    KeyVaultStandIn standby = STAND_INS.startVault("kv-neu-crash" + n, "northeurope");
    KeyVaultStandIn scratch = STAND_INS.startVault("kv-weu-drill" + n, "westeurope");
    scratch.grant(BackupStandIns.OPERATOR_APP, KeyPermission.DELETE, KeyPermission.PURGE);
    try {
      KEYS.forEach(k -> source.createKey(k, false, 2048, Map.of()));
      URI container = STAND_INS.newContainer();
      VaultBackupSchedule created = KUBERNETES.client().resource(schedule("crash-" + n, source, standby, scratch, container)).create();
      Scenario run = new Scenario(new BackupReconcileDriver(KUBERNETES.client(), STAND_INS.settings(), created), plan);

      run.driver.backupNow("first");
      run.until("first run", s -> finishedRun(s, "first"));
      assertThat(archivesPerKey(container)).as("one archive per key; reconciles: %s", run.log).isEqualTo(counts(1, 1, 1));
      assertThat(standby.keyNames()).containsExactlyInAnyOrderElementsOf(KEYS);

      source.createKey("tde-a", false, 2048, Map.of());
      run.driver.backupNow("second");
      run.until("second run", s -> finishedRun(s, "second"));
      assertThat(archivesPerKey(container)).as("keepLast 1: the newest archive of each key; reconciles: %s", run.log)
          .isEqualTo(counts(1, 1, 1));

      run.driver.clock.advance(Duration.ofSeconds(61));
      run.until("drill", s -> s.getStatus().drills() != null && !s.getStatus().drills().isEmpty());
      assertThat(run.driver.schedule.getStatus().drills()).singleElement()
          .satisfies(d -> assertThat(d.result()).as(d.message()).isEqualTo(DrillOutcome.Passed));

      for (KeyVaultStandIn vault : List.of(source, standby)) {
        assertThat(vault.keyNames()).as("nothing deleted in %s", vault.name()).containsExactlyInAnyOrderElementsOf(KEYS);
        KEYS.forEach(k -> assertThat(vault.isSoftDeleted(k)).isFalse());
      }
      assertThat(source.versionsOf("tde-a")).hasSize(2);
      assertThat(scratch.keyNames()).as("the drill's key deleted and purged").isEmpty();
      KEYS.forEach(k -> assertThat(scratch.isSoftDeleted(k)).as("purged").isFalse());
      new KeySafetyInvariants(List.of(), STAND_INS.vaults, STAND_INS.registry, KUBERNETES.client()).assertHold();
      return new Outcome(run.log, run.crashed);
    } finally {
      source.close();
      standby.close();
      scratch.close();
    }
  }

  /** The reconciles of one scenario, counted across its phases, with the crash plan applied. */
  private static final class Scenario {
    final BackupReconcileDriver driver;
    final CrashPlan plan;
    final List<String> log = new ArrayList<>();
    boolean crashed;

    Scenario(BackupReconcileDriver driver, CrashPlan plan) {
      this.driver = driver;
      this.plan = plan;
    }

    void until(String phase, Predicate<VaultBackupSchedule> done) {
      for (int i = 0; i < MAX_RECONCILES && !done.test(driver.schedule); i++) {
        VaultBackupSchedule written = driver.reconcile();
        log.add(phase + ": " + describe(driver.schedule) + " -> " + describe(written));
        Crash crash = crashed ? null : plan.after(log.size());
        if (crash != Crash.BeforeStatusWrite) {
          driver.record(written);
        }
        if (crash != null) {
          crashed = true;
          driver.restartOperator();
        }
        var active = written.getStatus().activeRun();
        if (active != null && active.retryAt() != null) {
          // A transient failure (a loaded machine): its backoff passes at once here.
          driver.clock.advance(Duration.ofMinutes(10));
        }
      }
      assertThat(done.test(driver.schedule)).as("%s finished; reconciles: %s", phase, log).isTrue();
    }
  }

  private static boolean finishedRun(VaultBackupSchedule s, String trigger) {
    VaultBackupScheduleStatus status = s.getStatus();
    return status != null && status.activeRun() == null && status.lastRun() != null
        && ("manual:" + trigger).equals(status.lastRun().trigger());
  }

  private static String describe(VaultBackupSchedule s) {
    VaultBackupScheduleStatus status = s.getStatus();
    if (status == null) {
      return "new";
    }
    if (status.activeRun() != null) {
      return status.activeRun().step() + " " + status.activeRun().keysDone();
    }
    return status.activeDrill() != null ? "drill of " + status.activeDrill().key() : "idle";
  }

  private static Map<String, Long> archivesPerKey(URI container) {
    return STAND_INS.userClient(container).listBlobs().stream().map(BlobItem::getName)
        .map(name -> KEYS.stream().filter(k -> name.contains("/" + k + "/"))
            .findFirst().orElse(name))
        .collect(Collectors.groupingBy(k -> k, TreeMap::new, Collectors.counting()));
  }

  private static Map<String, Long> counts(long a, long b, long c) {
    return new TreeMap<>(Map.of(KEYS.get(0), a, KEYS.get(1), b, KEYS.get(2), c));
  }

  private static KubernetesStandIn startKubernetes() {
    KubernetesStandIn kubernetes = KubernetesStandIn.start();
    kubernetes.applyCrds(Path.of("../crds"));
    kubernetes.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    kubernetes.client().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("backup-operator").endMetadata()
        .withStringData(Map.of("tenantId", BackupStandIns.TENANT, "clientId", BackupStandIns.OPERATOR_APP,
            "clientSecret", STAND_INS.operatorSecret)).build()).create();
    return kubernetes;
  }

  private static VaultBackupSchedule schedule(String name, KeyVaultStandIn source, KeyVaultStandIn standby, KeyVaultStandIn scratch,
                                              URI container) {
    return Serialization.unmarshal("""
        apiVersion: keyrotation.io/v1alpha1
        kind: VaultBackupSchedule
        metadata:
          name: %s
          namespace: %s
        spec:
          schedule: "0 3 1 1 *"
          source:
            vault: {url: "%s", region: westeurope, subscriptionId: %s}
          archive:
            blob: {containerUrl: "%s"}
          standbyVaults:
            - {url: "%s", region: northeurope, subscriptionId: %s}
          retention: {keepLast: 1}
          drill:
            schedule: "* * * * *"
            vault: {url: "%s", region: westeurope, subscriptionId: %s}
          azureCredentials:
            type: ClientSecret
            secretRef: {name: backup-operator}
        """.formatted(name, NS, source.vaultUrl(), BackupStandIns.SUBSCRIPTION, container, standby.vaultUrl(),
        BackupStandIns.SUBSCRIPTION, scratch.vaultUrl(), BackupStandIns.SUBSCRIPTION), VaultBackupSchedule.class);
  }
}

package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator is stopped after every external change of a rotation (all of them: each reconcile
 * makes at most one, which this test also checks) and a new one, with new gateways and no memory,
 * continues from what status recorded. Two ways to die: before the change was recorded in status
 * (the write is lost), and right after it was. Either way the rotation ends with exactly one new
 * key, every database on it, and nothing created twice.
 */
class TdeRotationCrashSafetyTest {
  static final int MAX_RECONCILES = 60;

  /**
   * The external changes of a rotation over one instance with two databases (today: vault key, the operator's own EKM
   * credential and its mapping, 4 registration statements, 2 re-encryptions), counted in a rotation without a crash,
   * so that a step added to the workflow gets its crash points without editing this test.
   */
  static final int CHANGES_IN_A_ROTATION = countChangesOfARotation();

  enum Crash { BeforeStatusWrite, AfterStatusWrite }

  static Stream<Arguments> crashPoints() {
    return IntStream.rangeClosed(1, CHANGES_IN_A_ROTATION).boxed()
        .flatMap(k -> Arrays.stream(Crash.values()).map(mode -> Arguments.of(k, mode)));
  }

  @Test
  void aRotationMakesSeveralExternalChangesEachInItsOwnReconcile() {
    assertThat(CHANGES_IN_A_ROTATION).as("a rotation: key, credential, mapping, registration, re-encryptions")
        .isGreaterThanOrEqualTo(2 + SqlServerDemo.DATABASES.size());
  }

  @ParameterizedTest(name = "operator dies after change {0}, {1}")
  @MethodSource("crashPoints")
  void aNewOperatorFinishesTheRotationWithNothingLostOrDuplicated(int crashAfter, Crash mode) {
    try (TdeSandbox sandbox = new TdeSandbox(1)) {
      ReconcileDriver driver = new ReconcileDriver(sandbox, sandbox.policy("crash"));
      Run run = rotate(sandbox, driver, crashAfter, mode);
      int changes = run.changes();
      boolean crashed = run.crashed();
      TdeKeyPolicy policy = driver.policy;

      assertThat(crashed).as("the operator was stopped after change %d (changes seen: %d; status: %s)", crashAfter, changes,
          driver.policy.getStatus()).isTrue();
      assertThat(ReconcileDriver.rotated(policy)).as("rotation finished").isTrue();
      var active = policy.getStatus().activeKey();
      String newKey = active.keyName();
      String newAsymmetricKey = policy.getStatus().activeKey().asymmetricKeyName();
      assertThat(sandbox.keyVault.primary().keyNames()).containsExactlyInAnyOrder(KeyVaultDemo.FIRST_KEY, newKey);
      assertThat(sandbox.keyVault.primary().versionsOf(newKey)).hasSize(1);
      assertThat(sandbox.asymmetricKeys(0)).containsOnlyKeys(SqlServerDemo.ASYMMETRIC_KEY, newAsymmetricKey);
      assertThat(sandbox.encryptorThumbprints(0)).containsOnlyKeys(SqlServerDemo.DATABASES.toArray(String[]::new))
          .allSatisfy((db, thumbprint) -> assertThat(thumbprint).isEqualTo(active.thumbprint()));
      assertThat(sandbox.externalState().lines().filter(l -> l.contains(" credentials ")).findFirst().orElseThrow())
          .contains(SqlServerDemo.TDE_CREDENTIAL, SqlServerDemo.OPERATOR_CREDENTIAL, active.credentialName(),
              OwnEkmCredential.PREFIX + sandbox.keyVault.primary().name());
      assertThat(changes).as("external changes in the whole rotation").isEqualTo(CHANGES_IN_A_ROTATION);
    }
  }

  private record Run(int changes, boolean crashed) {}

  /** Rotates, one reconcile at a time; the operator dies after change {@code crashAfter} (never when 0). */
  private static Run rotate(TdeSandbox sandbox, ReconcileDriver driver, int crashAfter, Crash mode) {
    driver.rotateNow("now");
    int changes = 0;
    boolean crashed = false;
    String before = sandbox.externalState();
    for (int i = 0; i < MAX_RECONCILES && !ReconcileDriver.rotated(driver.policy); i++) {
      TdeKeyPolicy written = driver.reconcile(false);
      String after = sandbox.externalState();
      int changed = changedLines(before, after);
      assertThat(changed).as("external changes in one reconcile").isLessThanOrEqualTo(1);
      changes += changed;
      before = after;
      sandbox.invariants().assertHold();
      boolean dieNow = !crashed && changes == crashAfter && changed == 1;
      if (!(dieNow && mode == Crash.BeforeStatusWrite)) {
        driver.policy = written;
      }
      if (dieNow) {
        crashed = true;
        driver.restartOperator();
      }
      if (driver.policy.getStatus().rotation() != null && driver.policy.getStatus().rotation().nextAttemptTime() != null) {
        // A transient failure (a slow, loaded machine): its backoff passes at once here, the rotation goes on.
        driver.clock.advance(java.time.Duration.ofHours(2));
      }
    }
    return new Run(changes, crashed);
  }

  private static int countChangesOfARotation() {
    try (TdeSandbox sandbox = new TdeSandbox(1)) {
      ReconcileDriver driver = new ReconcileDriver(sandbox, sandbox.policy("dry-run"));
      Run run = rotate(sandbox, driver, 0, Crash.AfterStatusWrite);
      if (!ReconcileDriver.rotated(driver.policy)) {
        throw new IllegalStateException("the rotation without a crash did not finish: " + driver.policy.getStatus());
      }
      return run.changes();
    }
  }

  /**
   * With a VaultBackupSchedule covering the vault, the rotation also asks for the new key's backup (a patch of
   * the schedule's keyrotation.io/backup-now, recorded in status before) and waits for the archive. The operator
   * dies right after asking: the new one does not ask again with another value, and the rotation finishes once
   * the archive holds the key, with exactly one backup of it.
   */
  @ParameterizedTest(name = "operator dies after asking for the backup, {0}")
  @EnumSource(Crash.class)
  void aNewOperatorWaitsForTheBackupAskedForBeforeItDiedAndFinishes(Crash mode) {
    try (TdeSandbox sandbox = new TdeSandbox(1); BackupArchiveFixture archive = new BackupArchiveFixture(sandbox)) {
      archive.schedule("tde-keys");
      ReconcileDriver driver = new ReconcileDriver(sandbox, sandbox.policy("crash"));
      driver.rotateNow("now");
      boolean crashed = false;
      for (int i = 0; i < MAX_RECONCILES && !ReconcileDriver.rotated(driver.policy); i++) {
        boolean askedBefore = archive.backupNow("tde-keys").isPresent();
        TdeKeyPolicy written = driver.reconcile(false);
        boolean askedNow = !askedBefore && archive.backupNow("tde-keys").isPresent();
        if (!(askedNow && mode == Crash.BeforeStatusWrite)) {
          driver.policy = written;
        }
        if (askedNow) {
          crashed = true;
          driver.restartOperator();
          String asked = archive.backupNow("tde-keys").orElseThrow();
          await().atMost(Duration.ofSeconds(90)).until(() -> handled(archive.get("tde-keys"), asked));
        }
        sandbox.invariants().assertHold();
        if (driver.policy.getStatus().rotation() != null && driver.policy.getStatus().rotation().nextAttemptTime() != null) {
          driver.clock.advance(Duration.ofHours(2));
        }
      }

      assertThat(crashed).isTrue();
      assertThat(ReconcileDriver.rotated(driver.policy)).as("rotation finished: %s", driver.policy.getStatus()).isTrue();
      var active = driver.policy.getStatus().activeKey();
      String version = active.keyId().substring(active.keyId().lastIndexOf('/') + 1);
      assertThat(archive.get("tde-keys").getStatus().lastManualTrigger()).as("asked once").endsWith("/1");
      assertThat(archive.archivesHolding(archive.container, active.keyName(), version)).hasSize(1);
      assertThat(sandbox.keyVault.primary().versionsOf(active.keyName())).hasSize(1);
      assertThat(sandbox.encryptorThumbprints(0)).allSatisfy((db, t) -> assertThat(t).isEqualTo(active.thumbprint()));
    }
  }

  private static boolean handled(io.keyrotation.operator.api.backup.VaultBackupSchedule schedule, String request) {
    var status = schedule.getStatus();
    return status != null && request.equals(status.lastManualTrigger())
        && (status.activeRun() == null || status.activeRun().scheduledTime() == null);
  }

  private static int changedLines(String before, String after) {
    Set<String> old = Set.copyOf(before.lines().toList());
    Set<String> now = Set.copyOf(after.lines().toList());
    return (int) Math.max(now.stream().filter(l -> !old.contains(l)).count(), old.stream().filter(l -> !now.contains(l)).count());
  }
}

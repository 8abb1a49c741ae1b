package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.BackupRunStep;
import io.keyrotation.operator.api.backup.VaultBackupScheduleSpec.RestoreConflictPolicy;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.StandbyReadiness;
import io.keyrotation.operator.blob.ArchivedBackup;
import io.keyrotation.operator.keyvault.KeyVaultGateway;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Advances one run by a bounded batch of work in its current step (see {@link BackupRunStep}); the
 * reconciler writes the progress to status after each batch, so a stopped operator loses at most the
 * bookkeeping of one batch, and every step is safe to repeat. One failing key does not stop the others.
 */
final class BackupRunner {
  static final int BATCH = 10;
  static final int MAX_STEP_RETRIES = 5;

  enum Advance { Continue, RetryLater, Done }

  private final Clock clock;
  private final PolicyKeys policyKeys;

  BackupRunner(Clock clock) {
    this(clock, PolicyKeys.none());
  }

  /** {@code policyKeys}: the source vault's keys the namespace's TdeKeyPolicies use, for the readiness step. */
  BackupRunner(Clock clock, PolicyKeys policyKeys) {
    this.clock = clock;
    this.policyKeys = policyKeys;
  }

  Advance advance(RunProgress run, BackupTargets targets, List<StandbyReadiness> readiness) {
    return switch (run.step) {
      case SelectKeys -> selectKeys(run, targets);
      case Archive -> archive(run, targets);
      case Retention -> retention(run, targets);
      case Restore -> restore(run, targets);
      case Readiness -> readiness(run, targets, readiness);
    };
  }

  private Advance selectKeys(RunProgress run, BackupTargets targets) {
    try {
      KeySelection.Selected selected = KeySelection.select(targets.source(), targets.archive(), targets.sourceVaultName(),
          targets.selector());
      for (String missing : selected.missingNames()) {
        run.problem(missing, targets.source().vaultUrl().toString(), FailureReason.NotFound.name(),
            "The spec names this key but the source vault has no such key and the archive none of it.");
        run.failed++;
      }
      run.selectedKeys = selected.keys();
      run.nextStep(BackupRunStep.Archive);
      return Advance.Continue;
    } catch (GatewayException e) {
      return stepFailed(run, e, null, targets.source().vaultUrl().toString());
    }
  }

  private Advance archive(RunProgress run, BackupTargets targets) {
    KeyArchiver archiver = new KeyArchiver(targets);
    int end = Math.min(run.selectedKeys.size(), run.keysDone + BATCH);
    for (; run.keysDone < end; run.keysDone++) {
      switch (archiver.archive(run.selectedKeys.get(run.keysDone), run)) {
        case BackedUp -> run.backedUp++;
        case Unchanged -> run.unchanged++;
        case MissingAtSource -> run.missingAtSource++;
        case Failed -> run.failed++;
      }
    }
    if (run.keysDone >= run.selectedKeys.size()) {
      run.nextStep(BackupRunStep.Retention);
    }
    return Advance.Continue;
  }

  private Advance retention(RunProgress run, BackupTargets targets) {
    Optional<Instant> cutoff = targets.maxAge().map(age -> age.subtractFrom(clock.instant()));
    int end = Math.min(run.selectedKeys.size(), run.keysDone + BATCH);
    for (; run.keysDone < end; run.keysDone++) {
      String key = run.selectedKeys.get(run.keysDone);
      try {
        List<ArchivedBackup> archives = targets.archive().list(targets.sourceVaultName(), key);
        for (ArchivedBackup expired : RetentionPlan.toDelete(archives, targets.keepLast(), cutoff)) {
          targets.archive().delete(expired);
        }
      } catch (GatewayException e) {
        // Retention failing leaves extra archives, never fewer: reported, the run goes on.
        run.problem(key, targets.archive().containerUrl().toString(), e.reason().name(), "Retention: " + e.getMessage());
      }
    }
    if (run.keysDone >= run.selectedKeys.size()) {
      run.nextStep(targets.standbys().isEmpty() ? BackupRunStep.Readiness : BackupRunStep.Restore);
    }
    return Advance.Continue;
  }

  /** {@code keysDone} counts (standby, key) pairs, standby by standby. */
  private Advance restore(RunProgress run, BackupTargets targets) {
    StandbyRestorer restorer = new StandbyRestorer(targets);
    int keys = run.selectedKeys.size();
    int total = keys * targets.standbys().size();
    int end = Math.min(total, run.keysDone + BATCH);
    for (; run.keysDone < end; run.keysDone++) {
      KeyVaultGateway standby = targets.standbys().get(run.keysDone / keys);
      switch (restorer.restore(standby, run.selectedKeys.get(run.keysDone % keys), run)) {
        case Restored -> run.restored++;
        case InSync -> run.inSync++;
        case Conflict -> {
          run.conflict++;
          if (targets.onConflict() == RestoreConflictPolicy.Fail) {
            run.failedByPolicy = true;
            run.keysDone++;
            run.nextStep(BackupRunStep.Readiness);
            return Advance.Continue;
          }
        }
        case Failed -> run.failed++;
      }
    }
    if (run.keysDone >= total) {
      run.nextStep(BackupRunStep.Readiness);
    }
    return Advance.Continue;
  }

  private Advance readiness(RunProgress run, BackupTargets targets, List<StandbyReadiness> readiness) {
    List<StandbyReadiness> checked = new StandbyReadinessCheck(targets, policyKeys, Optional.empty())
        .check(run.selectedKeys, clock.instant());
    readiness.clear();
    readiness.addAll(checked);
    return Advance.Done;
  }

  private Advance stepFailed(RunProgress run, GatewayException e, String key, String where) {
    if (e.retryable() && run.retries < MAX_STEP_RETRIES) {
      run.retries++;
      run.lastFailure = e.reason();
      return Advance.RetryLater;
    }
    run.problem(key == null ? "*" : key, where, e.reason().name(), e.getMessage());
    run.failedByPolicy = true;
    return Advance.Done;
  }
}

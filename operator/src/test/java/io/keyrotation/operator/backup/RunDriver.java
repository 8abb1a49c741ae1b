package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.BackupRun;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.StandbyReadiness;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs a backup run the way the reconciler does, batch after batch, without Kubernetes. */
final class RunDriver {
  final List<StandbyReadiness> readiness = new ArrayList<>();
  private final BackupRunner runner;
  private final Clock clock;

  RunDriver(Clock clock) {
    this(clock, PolicyKeys.none());
  }

  RunDriver(Clock clock, PolicyKeys policyKeys) {
    this.clock = clock;
    this.runner = new BackupRunner(clock, policyKeys);
  }

  BackupRun run(BackupTargets targets, Instant scheduledTime) {
    RunProgress run = RunProgress.start(scheduledTime, "schedule", clock.instant());
    return resume(targets, run);
  }

  BackupRun resume(BackupTargets targets, RunProgress run) {
    for (int batch = 0; batch < 1000; batch++) {
      if (runner.advance(run, targets, readiness) == BackupRunner.Advance.Done) {
        return run.completed(clock.instant());
      }
    }
    throw new AssertionError("the run did not finish in 1000 batches");
  }

  /** One batch only: what a reconcile does before it writes status. */
  BackupRunner.Advance step(BackupTargets targets, RunProgress run) {
    return runner.advance(run, targets, readiness);
  }
}

package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.BackupRunStep;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.BackupRun;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.KeyOutcome;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.RunResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One run's state while a reconcile advances it; read from and written back to status as a {@link BackupRun}. */
final class RunProgress {
  static final int MAX_PROBLEMS = 20;

  final String scheduledTime;
  final String trigger;
  final String startTime;
  BackupRunStep step;
  List<String> selectedKeys;
  int keysDone;
  int retries;
  int backedUp;
  int unchanged;
  int restored;
  int inSync;
  int conflict;
  int failed;
  int missingAtSource;
  boolean failedByPolicy;
  String retryAt;
  /** Why the step last failed (not kept in status: the next attempt's time is). */
  io.keyrotation.operator.status.FailureReason lastFailure = io.keyrotation.operator.status.FailureReason.Unavailable;
  final List<KeyOutcome> problems;

  private RunProgress(BackupRun run) {
    scheduledTime = run.scheduledTime();
    trigger = run.trigger();
    startTime = run.startTime();
    step = run.step() == null ? BackupRunStep.SelectKeys : run.step();
    selectedKeys = run.selectedKeys() == null ? List.of() : List.copyOf(run.selectedKeys());
    keysDone = n(run.keysDone());
    retries = n(run.retries());
    backedUp = n(run.keysBackedUp());
    unchanged = n(run.keysUnchanged());
    restored = n(run.keysRestored());
    inSync = n(run.keysInSync());
    conflict = n(run.keysConflict());
    failed = n(run.keysFailed());
    missingAtSource = n(run.keysMissingAtSource());
    failedByPolicy = run.result() == RunResult.Failed;
    retryAt = run.retryAt();
    problems = new ArrayList<>(run.problems() == null ? List.of() : run.problems());
  }

  static RunProgress of(BackupRun run) {
    return new RunProgress(run);
  }

  static RunProgress start(Instant scheduledTime, String trigger, Instant now) {
    return new RunProgress(new BackupRun(scheduledTime.toString(), trigger, now.toString(), null, RunResult.Running,
        BackupRunStep.SelectKeys, List.of(), 0, 0, null, 0, 0, 0, 0, 0, 0, 0, List.of()));
  }

  void retryAt(Instant at) {
    retryAt = at == null ? null : at.toString();
  }

  Optional<Instant> notBefore() {
    return Optional.ofNullable(retryAt).map(Instant::parse);
  }

  Instant scheduledInstant() {
    return Instant.parse(scheduledTime);
  }

  void problem(String key, String target, String reason, String message) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(new KeyOutcome(key, target, reason, message));
    }
  }

  void nextStep(BackupRunStep next) {
    step = next;
    keysDone = 0;
    retries = 0;
  }

  RunResult result() {
    if (failedByPolicy || (!selectedKeys.isEmpty() && failed >= selectedKeys.size() && backedUp + unchanged == 0)) {
      return RunResult.Failed;
    }
    return failed > 0 || conflict > 0 || missingAtSource > 0 ? RunResult.PartiallyFailed : RunResult.Succeeded;
  }

  BackupRun running() {
    return build(null, failedByPolicy ? RunResult.Failed : RunResult.Running, step);
  }

  BackupRun completed(Instant now) {
    return build(now.toString(), result(), null);
  }

  private BackupRun build(String completionTime, RunResult result, BackupRunStep atStep) {
    return new BackupRun(scheduledTime, trigger, startTime, completionTime, result, atStep, selectedKeys,
        atStep == null ? null : keysDone, atStep == null ? null : retries, atStep == null ? null : retryAt,
        backedUp, unchanged, restored, inSync, conflict, failed, missingAtSource, List.copyOf(problems));
  }

  Optional<String> manualTrigger() {
    return trigger != null && trigger.startsWith("manual:") ? Optional.of(trigger.substring("manual:".length())) : Optional.empty();
  }

  private static int n(Integer value) {
    return value == null ? 0 : value;
  }
}

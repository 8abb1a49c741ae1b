package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.BackupRun;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.DrillIntent;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.DrillResult;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.RunResult;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.StandbyReadiness;
import io.keyrotation.operator.status.ConditionSet;
import io.keyrotation.operator.status.ConditionSet.Status;
import io.keyrotation.operator.status.GatewayException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Builds the next VaultBackupSchedule status from the current one; owns observedGeneration and conditions. */
public final class VaultBackupScheduleStatusBuilder {
  private final VaultBackupScheduleStatus current;
  private final long generation;
  private final ConditionSet conditions;
  private String lastScheduleTime;
  private String lastSuccessfulTime;
  private String nextScheduleTime;
  private BackupRun activeRun;
  private BackupRun lastRun;
  private String lastManualTrigger;
  private int missedSchedules;
  private String lastMissedTime;
  private List<StandbyReadiness> readiness;
  private DrillIntent activeDrill;
  private String lastDrillScheduleTime;
  private List<DrillResult> drills;

  public VaultBackupScheduleStatusBuilder(VaultBackupScheduleStatus current, long generation, Clock clock) {
    this.current = current == null ? VaultBackupScheduleStatus.empty() : current;
    this.generation = generation;
    this.conditions = new ConditionSet(this.current.conditions(), generation, clock);
    lastScheduleTime = this.current.lastScheduleTime();
    lastSuccessfulTime = this.current.lastSuccessfulTime();
    nextScheduleTime = this.current.nextScheduleTime();
    activeRun = present(this.current.activeRun());
    lastRun = present(this.current.lastRun());
    lastManualTrigger = this.current.lastManualTrigger();
    missedSchedules = this.current.missedSchedules() == null ? 0 : this.current.missedSchedules();
    lastMissedTime = this.current.lastMissedTime();
    readiness = this.current.standbyReadiness() == null ? List.of() : this.current.standbyReadiness();
    activeDrill = this.current.activeDrill() == null || this.current.activeDrill().key() == null ? null : this.current.activeDrill();
    lastDrillScheduleTime = this.current.lastDrillScheduleTime();
    drills = this.current.drills() == null ? List.of() : this.current.drills();
  }

  Optional<DrillIntent> activeDrill() {
    return Optional.ofNullable(activeDrill);
  }

  Optional<Instant> lastDrillScheduleTime() {
    return Optional.ofNullable(lastDrillScheduleTime).map(Instant::parse);
  }

  /** The keys of the last completed run, the ones a drill may choose from. */
  List<String> lastRunKeys() {
    return lastRun == null || lastRun.selectedKeys() == null ? List.of() : lastRun.selectedKeys();
  }

  List<StandbyReadiness> readiness() {
    return readiness;
  }

  /** Readiness checked again between runs (the keys the policies use changed). */
  void refreshReadiness(List<StandbyReadiness> checked) {
    readiness = List.copyOf(checked);
  }

  List<DrillResult> drills() {
    return drills;
  }

  /** Recorded before the key is restored into the scratch vault. */
  void startDrill(DrillIntent intent) {
    activeDrill = intent;
    lastDrillScheduleTime = intent.scheduledTime();
  }

  /** A due drill that found nothing to drill (no archive yet): counted as handled. */
  void skipDrill(Instant scheduledTime) {
    lastDrillScheduleTime = scheduledTime.toString();
  }

  void completeDrill(DrillResult result) {
    activeDrill = null;
    java.util.List<DrillResult> updated = new java.util.ArrayList<>(drills.stream().filter(d -> !d.key().equals(result.key())).toList());
    updated.add(result);
    drills = List.copyOf(updated);
  }

  public ConditionSet conditions() {
    return conditions;
  }

  VaultBackupScheduleStatus current() {
    return current;
  }

  /** The run in progress; a cleared run may come back from a server-side apply as an empty object, which is no run. */
  Optional<BackupRun> activeRun() {
    return Optional.ofNullable(activeRun);
  }

  private static BackupRun present(BackupRun run) {
    return run == null || run.scheduledTime() == null ? null : run;
  }

  void recordMissed(ScheduleDecision decision) {
    missedSchedules += decision.missed();
    decision.lastMissed().ifPresent(t -> lastMissedTime = t.toString());
  }

  void nextScheduleTime(Optional<Instant> next) {
    nextScheduleTime = next.map(Instant::toString).orElse(null);
  }

  Optional<Instant> nextScheduleInstant() {
    return Optional.ofNullable(nextScheduleTime).map(Instant::parse);
  }

  /** No run active: the conditions say how the last run went. */
  void idle() {
    resultConditions();
  }

  void startRun(RunProgress run) {
    activeRun = run.running();
    if ("schedule".equals(run.trigger)) {
      lastScheduleTime = run.scheduledTime;
    }
    run.manualTrigger().ifPresent(v -> lastManualTrigger = v);
    progressConditions(run);
  }

  void progress(RunProgress run) {
    activeRun = run.running();
    progressConditions(run);
  }

  /**
   * The run cannot resolve what the spec refers to (a Secret missing or lacking a key): Ready=False with that
   * reason, as a TdeKeyPolicy and a ServicePrincipalRotation report it, since only a person can fix it.
   */
  void unreachable(GatewayException e) {
    conditions.set(ConditionSet.PROGRESSING, Status.True, e.reason().name(), "The run waits: " + e.getMessage());
    conditions.set(ConditionSet.READY, Status.False, e.reason().name(), e.getMessage());
    conditions.set(ConditionSet.DEGRADED, Status.True, e.reason().name(), e.getMessage());
  }

  void complete(BackupRun run, List<StandbyReadiness> checked, Optional<String> manualTrigger) {
    activeRun = null;
    lastRun = run;
    if (run.result() == RunResult.Succeeded) {
      lastSuccessfulTime = run.completionTime();
    }
    readiness = List.copyOf(checked);
    manualTrigger.ifPresent(v -> lastManualTrigger = v);
    resultConditions();
  }

  private void progressConditions(RunProgress run) {
    conditions.set(ConditionSet.PROGRESSING, Status.True, "Running",
        "Run for " + run.scheduledTime + " at step " + run.step + " (" + run.keysDone + " of " + run.selectedKeys.size() + " keys).");
    if (conditions.find(ConditionSet.READY) == null) {
      conditions.set(ConditionSet.READY, Status.Unknown, "FirstRunInProgress", "The first backup run is in progress.");
      conditions.set(ConditionSet.DEGRADED, Status.False, "FirstRunInProgress", "No failure so far.");
    }
  }

  private void resultConditions() {
    conditions.set(ConditionSet.PROGRESSING, Status.False, "Idle",
        nextScheduleTime == null ? "No run is due (suspended, or the schedule never fires again)." : "Next run at " + nextScheduleTime + ".");
    if (lastRun == null) {
      conditions.set(ConditionSet.READY, Status.Unknown, "AwaitingFirstRun",
          "The spec is valid; no backup has run yet. Next run at " + nextScheduleTime + ".");
      conditions.set(ConditionSet.DEGRADED, Status.False, "AwaitingFirstRun", "No failure.");
      return;
    }
    String summary = RunEvents.summary(lastRun);
    switch (lastRun.result()) {
      case Succeeded -> {
        conditions.set(ConditionSet.READY, Status.True, "BackupSucceeded", summary);
        conditions.set(ConditionSet.DEGRADED, Status.False, "BackupSucceeded", "Every selected key is archived and verified.");
      }
      case PartiallyFailed -> {
        conditions.set(ConditionSet.READY, Status.False, "BackupPartiallyFailed", summary);
        boolean lost = lastRun.keysMissingAtSource() != null && lastRun.keysMissingAtSource() > 0;
        conditions.set(ConditionSet.DEGRADED, Status.True, lost ? KeyArchiver.MISSING_AT_SOURCE : "BackupPartiallyFailed",
            lost ? "The source vault lost " + lastRun.keysMissingAtSource() + " selected key(s); their archives are kept and "
                + "restored into the standbys. See lastRun.problems." : "See lastRun.problems.");
      }
      default -> {
        conditions.set(ConditionSet.READY, Status.False, "BackupFailed", summary);
        conditions.set(ConditionSet.DEGRADED, Status.True, "BackupFailed", "See lastRun.problems.");
      }
    }
  }

  public VaultBackupScheduleStatus build() {
    return new VaultBackupScheduleStatus(generation, conditions.list(), lastScheduleTime, lastSuccessfulTime, nextScheduleTime,
        activeRun, lastRun, lastManualTrigger, missedSchedules, lastMissedTime, readiness, activeDrill, lastDrillScheduleTime, drills);
  }
}

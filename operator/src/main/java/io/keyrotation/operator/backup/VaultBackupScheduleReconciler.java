package io.keyrotation.operator.backup;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus;
import io.keyrotation.operator.backup.ScheduleDecision.Action;
import io.keyrotation.operator.status.EventRecorder;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.operator.status.SpecConditions;
import io.keyrotation.operator.status.StatusWriter;
import io.keyrotation.operator.validation.SpecProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Observe (status, annotation, clock) -> plan ({@link BackupSchedulePlanner}) -> act (one batch of the
 * run, {@link BackupRunner}) -> record (one status write) -> wake (next batch at once, next schedule
 * time, or a backoff after a failure that may pass).
 */
@ControllerConfiguration(name = VaultBackupScheduleReconciler.NAME)
public class VaultBackupScheduleReconciler implements Reconciler<VaultBackupSchedule> {
  public static final String NAME = "vaultbackupschedule";
  public static final String BACKUP_NOW = "keyrotation.io/backup-now";
  private static final Duration NEXT_BATCH = Duration.ofMillis(50);

  private final VaultBackupScheduleValidator validator = new VaultBackupScheduleValidator();
  private final BackupSchedulePlanner planner = new BackupSchedulePlanner();
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final BackupTargetsResolver resolver;
  private final Clock clock;

  public VaultBackupScheduleReconciler(StatusWriter statusWriter, EventRecorder events, BackupTargetsResolver resolver, Clock clock) {
    this.statusWriter = statusWriter;
    this.events = events;
    this.resolver = resolver;
    this.clock = clock;
  }

  @Override
  public UpdateControl<VaultBackupSchedule> reconcile(VaultBackupSchedule schedule, Context<VaultBackupSchedule> context) {
    var status = new VaultBackupScheduleStatusBuilder(schedule.getStatus(), schedule.getMetadata().getGeneration(), clock);
    List<SpecProblem> problems = validator.validate(schedule.getSpec());
    if (!problems.isEmpty()) {
      SpecConditions.invalidSpec(status.conditions(), problems);
      return statusWriter.write(schedule, status.build());
    }
    Instant now = clock.instant();
    ScheduleDecision decision = planner.decide(plannerInput(schedule, status, now));
    status.recordMissed(decision);
    if (decision.missed() > 0) {
      events.warning(schedule, "MissedSchedule", decision.missed() + " scheduled run(s) did not start, the latest due at "
          + decision.lastMissed().map(Instant::toString).orElse("?") + " (starting deadline exceeded or superseded by a later time).");
    }
    status.nextScheduleTime(decision.next());
    if (decision.action() == Action.Wait) {
      status.idle();
      return reschedule(statusWriter.write(schedule, status.build()), decision.wakeAt(now), now);
    }
    RunProgress run = switch (decision.action()) {
      case StartScheduled -> status.startRun(RunProgress.start(decision.scheduledTime().orElseThrow(), "schedule", now));
      case StartManual -> status.startRun(RunProgress.start(now.truncatedTo(ChronoUnit.SECONDS),
          "manual:" + decision.manualTrigger().orElseThrow(), now));
      default -> RunProgress.of(status.activeRun().orElseThrow());
    };
    if (decision.action() != Action.ContinueRun) {
      // The run and its schedule time are recorded before anything external is touched.
      return reschedule(statusWriter.write(schedule, status.build()), Optional.of(now.plus(NEXT_BATCH)), now);
    }
    return continueRun(schedule, status, run, now);
  }

  private UpdateControl<VaultBackupSchedule> continueRun(VaultBackupSchedule schedule, VaultBackupScheduleStatusBuilder status,
                                                         RunProgress run, Instant now) {
    BackupTargets targets;
    try {
      targets = resolver.resolve(schedule);
    } catch (GatewayException e) {
      run.retries++;
      status.progress(run);
      status.unreachable(e);
      return reschedule(statusWriter.write(schedule, status.build()), Optional.of(now.plus(RunBackoff.after(run.retries))), now);
    }
    List<VaultBackupScheduleStatus.StandbyReadiness> readiness = new ArrayList<>(status.current().standbyReadiness());
    BackupRunner.Advance advance = new BackupRunner(clock).advance(run, targets, readiness);
    switch (advance) {
      case Continue -> {
        status.progress(run);
        return reschedule(statusWriter.write(schedule, status.build()), Optional.of(now.plus(NEXT_BATCH)), now);
      }
      case RetryLater -> {
        status.progress(run);
        return reschedule(statusWriter.write(schedule, status.build()), Optional.of(now.plus(RunBackoff.after(run.retries))), now);
      }
      default -> {
        var completed = run.completed(clock.instant());
        status.complete(completed, readiness, run.manualTrigger());
        RunEvents.completed(events, schedule, completed);
        return reschedule(statusWriter.write(schedule, status.build()), status.nextScheduleInstant(), now);
      }
    }
  }

  private static BackupSchedulePlanner.Input plannerInput(VaultBackupSchedule schedule, VaultBackupScheduleStatusBuilder status,
                                                         Instant now) {
    var spec = schedule.getSpec();
    VaultBackupScheduleStatus current = status.current();
    Map<String, String> annotations = schedule.getMetadata().getAnnotations();
    String created = schedule.getMetadata().getCreationTimestamp();
    return new BackupSchedulePlanner.Input(spec.schedule(), spec.timeZone(), spec.suspend(), spec.startingDeadlineSeconds(),
        status.activeRun().isPresent(), instant(current.lastScheduleTime()), instant(current.lastMissedTime()),
        created == null ? now : Instant.parse(created),
        Optional.ofNullable(annotations == null ? null : annotations.get(BACKUP_NOW)),
        Optional.ofNullable(current.lastManualTrigger()), now);
  }

  private static Optional<Instant> instant(String text) {
    return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
  }

  private static UpdateControl<VaultBackupSchedule> reschedule(UpdateControl<VaultBackupSchedule> control, Optional<Instant> at, Instant now) {
    if (at.isEmpty()) {
      return control;
    }
    Duration delay = Duration.between(now, at.get());
    return control.rescheduleAfter(delay.isNegative() ? Duration.ZERO : delay);
  }
}

package io.keyrotation.operator.backup;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.keyrotation.operator.KubernetesClients;
import io.keyrotation.operator.PruningStore;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.URI;
import java.util.stream.Collectors;
import io.keyrotation.operator.backup.ScheduleDecision.Action;
import io.keyrotation.operator.status.ReconcileErrors;
import io.keyrotation.operator.schedule.DueTimeEventSource;
import io.keyrotation.operator.schedule.RetryBackoff;
import io.keyrotation.operator.status.EventRecorder;
import io.keyrotation.operator.status.FailureReason;
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
 * run, {@link BackupRunner}) -> record (one status write) -> wake (Quartz wake-up: the next batch at
 * once, the next schedule time, or the retry time {@link RetryBackoff} gives after a failure that may pass).
 */
@ControllerConfiguration(name = VaultBackupScheduleReconciler.NAME, generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrBackupNowChanged.class))
public class VaultBackupScheduleReconciler implements Reconciler<VaultBackupSchedule> {
  public static final String NAME = "vaultbackupschedule";
  public static final String BACKUP_NOW = "keyrotation.io/backup-now";
  private static final Duration NEXT_BATCH = Duration.ofMillis(50);

  private final VaultBackupScheduleValidator validator;
  private final BackupSchedulePlanner planner = new BackupSchedulePlanner();
  private final DueTimeEventSource<VaultBackupSchedule> wakeUps = DueTimeEventSource.forController(NAME);
  private final StatusWriter statusWriter;
  private final EventRecorder events;
  private final BackupTargetsResolver resolver;
  private final RetryBackoff backoff;
  private final DrillScheduling drills;
  private final ReconcileErrors errors;
  private final Clock clock;
  /**
   * The TdeKeyPolicies of the watched namespaces: a policy whose keys change (a rotation, a failover)
   * wakes the schedules of its namespace, whose standby readiness then covers the keys it uses now.
   */
  private InformerEventSource<TdeKeyPolicy, VaultBackupSchedule> policies;

  public VaultBackupScheduleReconciler(StatusWriter statusWriter, EventRecorder events, BackupTargetsResolver resolver,
                                       AzureRegions regions, RetryBackoff backoff, Clock clock) {
    this.validator = new VaultBackupScheduleValidator(regions);
    this.statusWriter = statusWriter;
    this.events = events;
    this.resolver = resolver;
    this.backoff = backoff;
    this.drills = new DrillScheduling(clock, events);
    this.errors = new ReconcileErrors(statusWriter, backoff);
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, VaultBackupSchedule>> prepareEventSources(EventSourceContext<VaultBackupSchedule> context) {
    var config = InformerEventSourceConfiguration.from(TdeKeyPolicy.class, VaultBackupSchedule.class)
        .withName("vaultbackupschedule-tdekeypolicies")
        .withNamespacesInheritedFromController()
        .withInformerListLimit(KubernetesClients.INFORMER_LIST_PAGE)
        .withItemStore(PruningStore.whereOneInformer(context, PolicyKeysStore::new))
        .withOnUpdateFilter((updated, old) -> !PolicyKeys.fingerprint(updated).equals(PolicyKeys.fingerprint(old)))
        .withSecondaryToPrimaryMapper(policy -> context.getPrimaryCache().list(policy.getMetadata().getNamespace())
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        // Without this mapper JOSDK indexes every (schedule, policy) pair of a namespace: quadratic in the fleet.
        .withPrimaryToSecondaryMapper((VaultBackupSchedule schedule) -> policies.list(schedule.getMetadata().getNamespace())
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build();
    policies = new InformerEventSource<>(config, context);
    return List.of(wakeUps, policies);
  }

  /** The source vault's keys the TdeKeyPolicies of the schedule's namespace use (none known without the informer). */
  private PolicyKeys policyKeys(VaultBackupSchedule schedule) {
    if (policies == null) {
      return PolicyKeys.none();
    }
    return PolicyKeys.in(URI.create(schedule.getSpec().source().vault().url()),
        policies.list(schedule.getMetadata().getNamespace()).toList());
  }

  @Override
  public UpdateControl<VaultBackupSchedule> reconcile(VaultBackupSchedule schedule, Context<VaultBackupSchedule> context) {
    var status = new VaultBackupScheduleStatusBuilder(schedule.getStatus(), schedule.getMetadata().getGeneration(), clock);
    ResourceID id = ResourceID.fromResource(schedule);
    List<SpecProblem> problems = ReconcileErrors.validate(() -> validator.validate(schedule.getSpec()));
    if (!problems.isEmpty()) {
      wakeUps.cancel(id);
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
      refreshReadiness(schedule, status, decision.next());
      wake(id, earliest(decision.wakeAt(now), schedule.getSpec().suspend() ? Optional.empty() : drill(schedule, status, now)));
      return statusWriter.write(schedule, status.build());
    }
    if (decision.action() != Action.ContinueRun) {
      RunProgress run = decision.action() == Action.StartScheduled
          ? RunProgress.start(decision.scheduledTime().orElseThrow(), "schedule", now)
          : RunProgress.start(now.truncatedTo(ChronoUnit.SECONDS), "manual:" + decision.manualTrigger().orElseThrow(), now);
      // The run and its schedule time are recorded before anything external is touched.
      status.startRun(run);
      wake(id, Optional.of(now.plus(NEXT_BATCH)));
      return statusWriter.write(schedule, status.build());
    }
    RunProgress run = RunProgress.of(status.activeRun().orElseThrow());
    if (run.notBefore().filter(now::isBefore).isPresent()) {
      wake(id, run.notBefore());
      return statusWriter.write(schedule, status.build());
    }
    return continueRun(schedule, id, status, run, now);
  }

  private UpdateControl<VaultBackupSchedule> continueRun(VaultBackupSchedule schedule, ResourceID id,
                                                         VaultBackupScheduleStatusBuilder status, RunProgress run, Instant now) {
    BackupTargets targets;
    try {
      targets = resolver.resolve(schedule);
    } catch (GatewayException e) {
      run.retries++;
      status.unreachable(e);
      return retryLater(schedule, id, status, run, e.reason(), now);
    }
    List<VaultBackupScheduleStatus.StandbyReadiness> readiness = new ArrayList<>(status.current().standbyReadiness());
    BackupRunner.Advance advance = new BackupRunner(clock, policyKeys(schedule)).advance(run, targets, readiness);
    switch (advance) {
      case Continue -> {
        run.retryAt(null);
        status.progress(run);
        wake(id, Optional.of(now.plus(NEXT_BATCH)));
        return statusWriter.write(schedule, status.build());
      }
      case RetryLater -> {
        return retryLater(schedule, id, status, run, run.lastFailure, now);
      }
      default -> {
        var completed = run.completed(clock.instant());
        status.complete(completed, readiness, run.manualTrigger());
        RunEvents.completed(events, schedule, completed);
        // Looked at again at once: the next schedule time and any due drill are worked out there.
        wake(id, Optional.of(now.plus(NEXT_BATCH)));
        return statusWriter.write(schedule, status.build());
      }
    }
  }

  /** The step failed for a reason that may pass: wait as RetryBackoff says, or for a change when only a person can fix it. */
  private UpdateControl<VaultBackupSchedule> retryLater(VaultBackupSchedule schedule, ResourceID id,
                                                       VaultBackupScheduleStatusBuilder status, RunProgress run,
                                                       FailureReason reason, Instant now) {
    Optional<Instant> next = backoff.nextAttempt(reason, Math.max(1, run.retries), now);
    run.retryAt(next.orElse(null));
    status.progress(run);
    wake(id, next);
    return statusWriter.write(schedule, status.build());
  }

  /**
   * Between runs: when the standbys and keys readiness should cover (the spec's standbys; the last run's keys
   * and those the policies use now) are not the ones it covers, they are checked again, without a run. Once
   * they match, nothing is asked.
   */
  private void refreshReadiness(VaultBackupSchedule schedule, VaultBackupScheduleStatusBuilder status, Optional<Instant> nextRun) {
    if (schedule.getSpec().standbyVaults().isEmpty() || status.current().lastRun() == null
        || status.current().lastRun().scheduledTime() == null) {
      return;
    }
    PolicyKeys used = policyKeys(schedule);
    var wanted = new java.util.HashSet<String>();
    for (var standby : schedule.getSpec().standbyVaults()) {
      StandbyReadinessCheck.keysToCheck(status.lastRunKeys(), used).forEach(key -> wanted.add(pair(standby.url(), key)));
    }
    var covered = new java.util.HashSet<String>();
    status.readiness().forEach(r -> covered.add(pair(r.standbyVault(), r.key())));
    if (covered.equals(wanted)) {
      return;
    }
    try {
      status.refreshReadiness(new StandbyReadinessCheck(resolver.resolve(schedule), used, nextRun)
          .check(status.lastRunKeys(), clock.instant()));
    } catch (GatewayException e) {
      events.warning(schedule, "ReadinessNotChecked", "Standby readiness could not be checked again: " + e.getMessage());
    }
  }

  /** A standby vault and a key, as readiness lists them: vault URLs without a trailing slash, names case-insensitively. */
  private static String pair(String vaultUrl, String key) {
    return vaultUrl.replaceAll("/+$", "").toLowerCase(java.util.Locale.ROOT) + " " + key.toLowerCase(java.util.Locale.ROOT);
  }

  /** A drill step between runs; a failure to reach the archive or the scratch vault waits for the next drill time. */
  private Optional<Instant> drill(VaultBackupSchedule schedule, VaultBackupScheduleStatusBuilder status, Instant now) {
    try {
      return drills.advance(schedule, status, () -> resolver.resolve(schedule), createdAt(schedule, now));
    } catch (GatewayException e) {
      events.warning(schedule, "DrillFailed", "The restore drill could not start: " + e.getMessage());
      return backoff.nextAttempt(e.reason(), 1, now);
    }
  }

  private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isPresent() && b.get().isBefore(a.get()) ? b : a;
  }

  private static Instant createdAt(VaultBackupSchedule schedule, Instant now) {
    String created = schedule.getMetadata().getCreationTimestamp();
    return created == null ? now : Instant.parse(created);
  }

  private void wake(ResourceID id, Optional<Instant> at) {
    if (at.isPresent()) {
      wakeUps.wakeAt(id, at.get());
    } else {
      wakeUps.cancel(id);
    }
  }

  private static BackupSchedulePlanner.Input plannerInput(VaultBackupSchedule schedule, VaultBackupScheduleStatusBuilder status,
                                                         Instant now) {
    var spec = schedule.getSpec();
    VaultBackupScheduleStatus current = status.current();
    Map<String, String> annotations = schedule.getMetadata().getAnnotations();
    return new BackupSchedulePlanner.Input(spec.schedule(), spec.timeZone(), spec.suspend(), spec.startingDeadlineSeconds(),
        status.activeRun().isPresent(), instant(current.lastScheduleTime()), instant(current.lastMissedTime()),
        createdAt(schedule, now),
        Optional.ofNullable(annotations == null ? null : annotations.get(BACKUP_NOW)),
        Optional.ofNullable(current.lastManualTrigger()), now);
  }

  private static Optional<Instant> instant(String text) {
    return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
  }

  @Override
  public ErrorStatusUpdateControl<VaultBackupSchedule> updateErrorStatus(VaultBackupSchedule schedule, Context<VaultBackupSchedule> context, Exception e) {
    var status = new VaultBackupScheduleStatusBuilder(schedule.getStatus(), schedule.getMetadata().getGeneration(), clock);
    return errors.toStatus(schedule, e, status.conditions(), status::build);
  }
}

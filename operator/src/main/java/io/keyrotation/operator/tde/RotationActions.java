package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.keyvault.KeyNameGenerator;
import io.keyrotation.operator.api.tde.RotationStep;
import io.keyrotation.operator.schedule.RetryBackoff;
import io.keyrotation.operator.status.ConditionSet;
import io.keyrotation.operator.status.EventRecorder;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.operator.status.StepScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Carries out the planner's decision against the gateways and records it in the status builder.
 * Returns when the policy should be looked at again.
 */
final class RotationActions {
  /** How soon a step that waits for SQL Server (a scan, a log backup) looks again. */
  static final Duration WAIT_FOR_SQL_SERVER = Duration.ofSeconds(30);
  /** How often a pending restart (after a credential switch) is checked. */
  static final Duration RESTART_POLL = Duration.ofMinutes(1);
  /** A safety net only while a backup is awaited: a change of the schedule wakes the policy at once. */
  static final Duration BACKUP_POLL = Duration.ofMinutes(10);

  private final PolicyGatewayResolver resolver;
  private final EventRecorder events;
  private final RetryBackoff backoff;
  private final Adoption adoption = new Adoption();
  private final RotationWorkflow workflow;
  private final Promotion promotion = new Promotion();
  private final VaultFailover vaultFailover = new VaultFailover();
  private final BackupBeforeUse backupBeforeUse;

  RotationActions(PolicyGatewayResolver resolver, EventRecorder events, RetryBackoff backoff, Clock clock,
      BackupBeforeUse backupBeforeUse) {
    this.resolver = resolver;
    this.events = events;
    this.backoff = backoff;
    this.workflow = new RotationWorkflow(new VaultKeyStep(new KeyNameGenerator(clock)), new EkmAccessProof());
    this.backupBeforeUse = backupBeforeUse;
  }

  /** @param namespaceSchedules the VaultBackupSchedules of the policy's namespace */
  Optional<Instant> act(Decision decision, TdeKeyPolicy policy, TdeKeyPolicyStatusBuilder status, Instant now,
      List<VaultBackupSchedule> schedules) {
    var current = status.build();
    if (decision instanceof Decision.RefuseOverlap refuse) {
      TdeConditions.overlap(status.conditions(), refuse.otherPolicy());
      return Optional.empty();
    }
    if (decision instanceof Decision.FailOver) {
      return failOver(policy, status, now);
    }
    if (decision instanceof Decision.Adopt) {
      return adopt(policy, status, now);
    }
    if (decision instanceof Decision.Idle idle) {
      status.nextRotationTime(idle.nextRotation().map(Instant::toString).orElse(null));
      TdeConditions.idle(status.conditions(), current.activeKey(), idle.nextRotation(), idle.suspended());
      return idle.nextRotation();
    }
    if (decision instanceof Decision.StartRotation start) {
      return start(start, policy, status, now, schedules);
    }
    if (decision instanceof Decision.Wait wait) {
      status.conditions().set(ConditionSet.PROGRESSING, ConditionSet.Status.True, "WaitingFor" + wait.reason(),
          "Step " + current.rotation().step() + " waits until " + wait.until() + " (" + wait.reason() + ").");
      return Optional.of(wait.until());
    }
    Decision.RunStep run = (Decision.RunStep) decision;
    return StepScope.run(run.step().name(), () -> runStep(run, policy, status, now, schedules));
  }

  private Optional<Instant> failOver(TdeKeyPolicy policy, TdeKeyPolicyStatusBuilder status, Instant now) {
    RotationContext ctx = new RotationContext(policy, resolver.resolve(policy), now);
    VaultFailover.Outcome outcome = vaultFailover.run(ctx, status.build());
    status.vaultFailover(outcome.progress());
    if (outcome.event() != null) {
      events.normal(policy, outcome.failedOverKey() == null ? "VaultFailoverStarted" : "VaultFailedOver", outcome.event());
    }
    if (outcome.failedOverKey() != null) {
      status.failedOver(policy.getSpec().vault().url(), outcome.failedOverKey());
      TdeConditions.restartPending(status.conditions(), List.of());
      KeyRotationProgress inFlight = status.build().rotation();
      if (RotationDuringFailover.startsOver(inFlight)) {
        KeyRotationProgress fresh = workflow.start(ctx, inFlight.trigger(), inFlight.targetKeyName());
        status.rotation(fresh);
        String message = "The vault changed while the rotation to " + inFlight.targetKeyName() + " was at step "
            + inFlight.step() + ", before any database used it: the rotation starts over in " + policy.getSpec().vault().url()
            + " with " + fresh.targetKeyName() + (inFlight.targetKeyId() == null ? "." : "; " + inFlight.targetKeyId()
            + " stays in the old vault, unused (never deleted).");
        TdeConditions.rotating(status.conditions(), status.build().activeKey(), fresh, message);
        events.normal(policy, "RotationRestarted", message);
      }
      return Optional.of(now);
    }
    List<String> pending = outcome.progress().instances().stream()
        .filter(i -> Boolean.TRUE.equals(i.restartPending())).map(i -> i.instance()).toList();
    TdeConditions.failingOver(status.conditions(), status.build().activeKey(), outcome.progress().toVaultUrl(), pending);
    KeyRotationProgress inFlight = status.build().rotation();
    if (inFlight != null) {
      status.conditions().set(ConditionSet.PROGRESSING, ConditionSet.Status.True, "VaultFailover", "Switching the SQL Server "
          + "credentials to " + outcome.progress().toVaultUrl() + "; the rotation to " + inFlight.targetKeyName() + " (step "
          + inFlight.step() + ") waits until every instance uses the new vault, then "
          + (RotationDuringFailover.startsOver(inFlight) ? "starts over there, since no database uses its key yet." : "goes on."));
    }
    return Optional.of(pending.isEmpty() ? now : now.plus(RESTART_POLL));
  }

  private Optional<Instant> adopt(TdeKeyPolicy policy, TdeKeyPolicyStatusBuilder status, Instant now) {
    PolicyGateways gateways = resolver.resolve(policy);
    Adoption.Result result = adoption.adopt(policy.getSpec(), gateways);
    status.adopted(result.activeKey(), now.toString(), policy.getSpec().vault().url());
    TdeConditions.adoption(status.conditions(), result);
    warnAboutVaultRotationPolicy(policy, gateways, status, result.activeKey() == null ? null : result.activeKey().keyName());
    events.normal(policy, "Adopted", result.activeKey() == null
        ? "No selected database is protected by the provider's keys yet; the first rotation brings them onto a new key."
        : "Adopted " + result.activeKey().asymmetricKeyName() + " (thumbprint " + result.activeKey().thumbprint()
            + ") as the active key without rotating.");
    return Optional.of(now);
  }

  private Optional<Instant> start(Decision.StartRotation start, TdeKeyPolicy policy, TdeKeyPolicyStatusBuilder status,
      Instant now, List<VaultBackupSchedule> schedules) {
    var current = status.build();
    RotationContext ctx = new RotationContext(policy, resolver.resolve(policy), now, schedules);
    ConnectorVersions.check(ctx, current.activeKey(), current.previousKeys());
    warnAboutVaultRotationPolicy(policy, ctx.gateways(), status, current.activeKey() == null ? null : current.activeKey().keyName());
    KeyRotationProgress progress = workflow.start(ctx, start.trigger());
    // A spec.backup that names a schedule unable to archive the new key stops the rotation before the key is created.
    if (BackupCoverage.find(policy.getSpec(), policy.getMetadata().getNamespace(), schedules, progress.targetKeyName(),
        VaultKeyStep.tags(ctx, progress)) instanceof BackupCoverage.Refused refused) {
      throw new BackupBlocked(io.keyrotation.operator.status.FailureReason.NotFound, refused.reason(), refused.message());
    }
    status.rotation(progress);
    if (start.manualTrigger() != null) {
      status.manualTriggerHandled(start.manualTrigger());
    }
    String message = "Rotation started (" + start.trigger() + "); the new vault key will be " + progress.targetKeyName() + ".";
    TdeConditions.rotating(status.conditions(), current.activeKey(), progress, message);
    events.normal(policy, "RotationStarted", message);
    return Optional.of(now);
  }

  private Optional<Instant> runStep(Decision.RunStep run, TdeKeyPolicy policy, TdeKeyPolicyStatusBuilder status, Instant now,
      List<VaultBackupSchedule> schedules) {
    var current = status.build();
    RotationContext ctx = new RotationContext(policy, resolver.resolve(policy), now, schedules);
    if (run.step() == RotationStep.AwaitBackup) {
      return awaitBackup(ctx, current.rotation(), current.activeKey(), status, now);
    }
    if (run.step() == RotationStep.Promote) {
      Promotion.Promoted promoted = promotion.run(ctx, current.rotation(), current.activeKey(), current.previousKeys());
      status.promoted(promoted.active(), promoted.previous(), now.toString());
      var next = TdeKeyPolicyPlanner.nextRotation(policy.getSpec(), status.build());
      status.nextRotationTime(next.map(Instant::toString).orElse(null));
      TdeConditions.idle(status.conditions(), promoted.active(), next, policy.getSpec().suspend());
      events.normal(policy, "Rotated", "Every selected database is protected by " + promoted.active().asymmetricKeyName()
          + " (vault key " + promoted.active().keyName() + "); "
          + (current.activeKey() == null ? "no previous key." : current.activeKey().asymmetricKeyName() + " is kept."));
      return Optional.of(now);
    }
    if (run.step() == RotationStep.RegisterOnInstances) {
      // A connector upgraded on one replica since the rotation started must stop it before SQL Server is touched.
      ConnectorVersions.check(ctx, current.activeKey(), current.previousKeys());
    }
    StepOutcome outcome = workflow.run(ctx, current.rotation());
    status.rotation(outcome.progress());
    if (run.step() == RotationStep.CreateVaultKey && outcome.progress().step() == RotationStep.AwaitBackup) {
      String active = current.activeKey() == null ? null : current.activeKey().keyName();
      warnAboutVaultRotationPolicy(policy, ctx.gateways(), status, active, outcome.progress().targetKeyName());
    }
    outcome.events().forEach(e -> events.normal(policy, e.reason(), e.message()));
    if (outcome.waitingFor() != null) {
      TdeConditions.rotating(status.conditions(), current.activeKey(), outcome.progress(), outcome.waitingFor());
      return Optional.of(now.plus(WAIT_FOR_SQL_SERVER));
    }
    TdeConditions.rotating(status.conditions(), current.activeKey(), outcome.progress(),
        "At step " + outcome.progress().step() + ".");
    return Optional.of(now);
  }

  private Optional<Instant> awaitBackup(RotationContext ctx, KeyRotationProgress progress, ProtectorKey active,
      TdeKeyPolicyStatusBuilder status, Instant now) {
    BackupBeforeUse.Outcome outcome = backupBeforeUse.run(ctx, progress);
    status.rotation(outcome.progress());
    if (outcome.eventReason() != null) {
      events.normal(ctx.policy(), outcome.eventReason(), outcome.eventMessage());
    }
    if (outcome.awaiting() != null) {
      TdeConditions.awaitingBackup(status.conditions(), outcome.progress(), outcome.awaiting());
      return Optional.of(outcome.eventReason() == null && outcome.progress() != progress ? now : now.plus(BACKUP_POLL));
    }
    TdeConditions.rotating(status.conditions(), active, outcome.progress(), "At step " + outcome.progress().step() + ".");
    return Optional.of(now);
  }

  private void warnAboutVaultRotationPolicy(TdeKeyPolicy policy, PolicyGateways gateways, TdeKeyPolicyStatusBuilder status,
      String... keyNames) {
    VaultRotationPolicyCheck.check(gateways.vault(), status.conditions(), keyNames)
        .ifPresent(message -> events.warning(policy, VaultRotationPolicyCheck.CONDITION, message));
  }

  /** @param secretVersions the referenced Secrets' versions now (see {@link ReferencedSecrets}), or null when not known */
  Optional<Instant> failed(TdeKeyPolicy policy, TdeKeyPolicyStatusBuilder status, GatewayException e, Instant now,
      String secretVersions) {
    KeyRotationProgress progress = status.build().rotation();
    int attempts = progress == null || progress.failedAttempts() == null ? 1 : progress.failedAttempts() + 1;
    // Failures only a person can fix get no short timer; they are tried again at the cap, or at once on a change of
    // spec or of a referenced Secret.
    Instant retryAt = backoff.nextAttempt(e.reason(), attempts, now).orElse(now.plus(backoff.maxDelay()));
    if (progress != null) {
      long generation = policy.getMetadata().getGeneration();
      status.rotation(progress.withFailure(e.reason().name(), attempts, retryAt.toString(), generation, secretVersions));
    }
    TdeConditions.failed(status.conditions(), e, Optional.of(retryAt), RetryBackoff.waitsForChange(e.reason()));
    return Optional.of(retryAt);
  }
}

package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.common.MaintenanceWindow;
import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.KeyRotationProgress.RotationTrigger;
import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.api.tde.RotationStep;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.api.tde.TdeKeyPolicyStatus;
import io.keyrotation.operator.schedule.IsoDuration;
import io.keyrotation.operator.schedule.RetryBackoff;
import io.keyrotation.operator.schedule.WindowSchedule;
import io.keyrotation.operator.status.FailureReason;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@code (spec, status, observations, now) -> next thing to do}: pure and deterministic, an
 * ordered chain of checks. Randomness (jitter) only changes when the policy is looked at again.
 */
public final class TdeKeyPolicyPlanner {
  public static final String ROTATE_NOW = "keyrotation.io/rotate-now";
  /** Steps that change SQL Server; with a maintenance window they start only inside it (creating the vault key may come before). */
  static final Set<RotationStep> SQL_SERVER_CHANGES = EnumSet.of(RotationStep.RegisterOnInstances, RotationStep.ReencryptDatabases);

  public Decision plan(PlannerInput in) {
    if (in.overlappingPolicy().isPresent()) {
      return new Decision.RefuseOverlap(in.overlappingPolicy().get());
    }
    TdeKeyPolicyStatus status = in.status();
    if (vaultChanged(in.spec(), status)) {
      return new Decision.FailOver();
    }
    if (status.rotation() != null) {
      return planStep(in, status.rotation());
    }
    if (status.activeKey() == null && status.adoptedTime() == null) {
      return new Decision.Adopt();
    }
    if (in.spec().suspend()) {
      return new Decision.Idle(Optional.empty(), true);
    }
    if (isNewManualTrigger(in.rotateNow(), status.lastManualTrigger())) {
      return new Decision.StartRotation(RotationTrigger.Manual, in.rotateNow());
    }
    if (status.activeKey() == null) {
      return new Decision.StartRotation(RotationTrigger.Initial, null);
    }
    Optional<Instant> expiryDue = expiryDue(in.spec(), status.activeKey());
    if (expiryDue.isPresent() && !expiryDue.get().isAfter(in.now())) {
      return new Decision.StartRotation(RotationTrigger.KeyExpiry, null);
    }
    Instant next = nextRotation(in.spec(), status).orElseThrow();
    if (!next.isAfter(in.now())) {
      return new Decision.StartRotation(RotationTrigger.Schedule, null);
    }
    return new Decision.Idle(Optional.of(next), false);
  }

  /**
   * When the next rotation is due: one interval after the active key's creation (after adoption
   * when its age is unknown), earlier if the key expires within an interval. Empty without an active key.
   */
  public static Optional<Instant> nextRotation(TdeKeyPolicySpec spec, TdeKeyPolicyStatus status) {
    ProtectorKey active = status.activeKey();
    String since = active == null ? null : active.createdTime() != null ? active.createdTime() : status.adoptedTime();
    if (since == null) {
      return Optional.empty();
    }
    Instant byInterval = IsoDuration.parse(spec.rotation().interval()).addTo(Instant.parse(since));
    Optional<Instant> byExpiry = expiryDue(spec, active);
    return Optional.of(byExpiry.filter(e -> e.isBefore(byInterval)).orElse(byInterval));
  }

  private Decision planStep(PlannerInput in, KeyRotationProgress rotation) {
    boolean sameSpec = rotation.failedGeneration() == null || rotation.failedGeneration() == in.generation();
    boolean waitsForChange = needsAChange(rotation.lastFailureReason());
    if (rotation.nextAttemptTime() != null && sameSpec && !(waitsForChange && secretsChanged(in, rotation))) {
      Instant retry = Instant.parse(rotation.nextAttemptTime());
      if (retry.isAfter(in.now())) {
        Decision.WaitReason why = waitsForChange ? Decision.WaitReason.ChangeOfSpecOrSecret : Decision.WaitReason.Backoff;
        return new Decision.Wait(retry, why);
      }
    }
    if (SQL_SERVER_CHANGES.contains(rotation.step())) {
      MaintenanceWindow window = in.spec().rotation().maintenanceWindow();
      if (window != null) {
        Instant start = WindowSchedule.of(window).earliestStart(in.now()).orElse(Instant.MAX);
        if (start.isAfter(in.now())) {
          return new Decision.Wait(start, Decision.WaitReason.MaintenanceWindow);
        }
      }
    }
    return new Decision.RunStep(rotation.step());
  }

  /** A referenced Secret was created, updated or deleted since the failure was recorded. */
  private static boolean secretsChanged(PlannerInput in, KeyRotationProgress rotation) {
    return in.secretVersions() != null && rotation.failedSecretVersions() != null
        && !in.secretVersions().equals(rotation.failedSecretVersions());
  }

  /** Failures no retry can fix (Forbidden, Unauthenticated, InvalidSpec) wait for a change of spec or Secret, or the capped retry. */
  static boolean needsAChange(String failureReason) {
    return failureReason != null && RetryBackoff.waitsForChange(FailureReason.valueOf(failureReason));
  }

  /**
   * spec.vault is not the vault the keys are in, or a failover is recorded and not finished. A fail-back before a
   * failover finished is then a failover of its own (back to the old vault's IDENTITY, whose credentials the first one
   * may have switched): the rotation waits for it as for any failover, and its progress is never left recorded as
   * stale, which a later failover to the same vault would take as already checked (soak seed 3).
   */
  private static boolean vaultChanged(TdeKeyPolicySpec spec, TdeKeyPolicyStatus status) {
    if (status.activeKey() == null || spec.vault() == null) {
      return false;
    }
    return status.vaultFailover() != null
        || status.vaultUrl() != null && !sameVault(spec.vault().url(), status.vaultUrl());
  }

  static boolean sameVault(String a, String b) {
    return a.replaceAll("/$", "").equalsIgnoreCase(b.replaceAll("/$", ""));
  }

  private static boolean isNewManualTrigger(String annotation, String handled) {
    return annotation != null && !annotation.isBlank() && !annotation.equals(handled);
  }

  /** The key's expiry minus one interval: from then on it would expire before the next scheduled rotation. */
  private static Optional<Instant> expiryDue(TdeKeyPolicySpec spec, ProtectorKey active) {
    if (active == null || active.expiresTime() == null) {
      return Optional.empty();
    }
    return Optional.of(IsoDuration.parse(spec.rotation().interval()).subtractFrom(Instant.parse(active.expiresTime())));
  }
}

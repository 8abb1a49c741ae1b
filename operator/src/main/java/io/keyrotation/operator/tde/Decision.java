package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.KeyRotationProgress.RotationTrigger;
import io.keyrotation.operator.api.tde.RotationStep;
import java.time.Instant;
import java.util.Optional;

/** What the planner decided this reconcile should do; at most one of these runs. */
public sealed interface Decision {

  /** Another policy already selects the same databases on the same instance. */
  record RefuseOverlap(String otherPolicy) implements Decision {}

  /** spec.vault names another vault than the one the keys and credentials use. */
  record FailOver() implements Decision {}

  /** First reconcile: record the protector found on the instances, without rotating. */
  record Adopt() implements Decision {}

  /** Nothing to do until {@code nextRotation} (empty while suspended). */
  record Idle(Optional<Instant> nextRotation, boolean suspended) implements Decision {}

  /** A rotation is due: choose the new key's name and record it. */
  record StartRotation(RotationTrigger trigger, String manualTrigger) implements Decision {}

  /** Run the in-flight rotation's current step. */
  record RunStep(RotationStep step) implements Decision {}

  /** The in-flight rotation waits: after a failure (backoff) or for the maintenance window. */
  record Wait(Instant until, WaitReason reason) implements Decision {}

  enum WaitReason { Backoff, MaintenanceWindow, ChangeOfSpecOrSecret }
}

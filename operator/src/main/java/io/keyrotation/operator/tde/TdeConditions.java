package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.status.ConditionSet;
import io.keyrotation.operator.status.ConditionSet.Status;
import io.keyrotation.operator.status.GatewayException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The Ready / Progressing / Degraded story of a TdeKeyPolicy, plus its adoption findings. */
final class TdeConditions {
  static final String KEY_AGE_UNKNOWN = "KeyAgeUnknown";
  static final String PROTECTORS_DISAGREE = "ProtectorsDisagree";
  static final String RESTART_PENDING = "RestartPending";
  static final String AWAITING_BACKUP = "AwaitingBackup";

  private TdeConditions() {}

  static void idle(ConditionSet c, ProtectorKey active, Optional<Instant> next, boolean suspended) {
    c.set(ConditionSet.READY, Status.True, "KeyActive", "The selected databases are protected by " + describe(active) + ".");
    c.set(ConditionSet.PROGRESSING, Status.False, suspended ? "Suspended" : "Idle", suspended
        ? "spec.suspend is true: no rotation starts until it is false."
        : "No rotation is running; the next is due at " + next.map(Instant::toString).orElse("(not scheduled)") + ".");
    c.set(ConditionSet.DEGRADED, Status.False, "NoFailure", "No failure.");
  }

  static void rotating(ConditionSet c, ProtectorKey active, KeyRotationProgress progress, String detail) {
    if (active != null) {
      c.set(ConditionSet.READY, Status.True, "KeyActive", "The selected databases are protected by " + describe(active)
          + "; a rotation to " + progress.targetKeyName() + " is running.");
    } else {
      c.set(ConditionSet.READY, Status.Unknown, "FirstRotation", "No key protects the selected databases yet; the first "
          + "rotation to " + progress.targetKeyName() + " is running.");
    }
    c.set(ConditionSet.PROGRESSING, Status.True, progress.step().name(), detail);
    c.set(ConditionSet.DEGRADED, Status.False, "NoFailure", "No failure.");
  }

  /** Ready=False while the new key's backup is awaited: not a failure, nothing is wrong yet. */
  static void awaitingBackup(ConditionSet c, KeyRotationProgress progress, String detail) {
    c.set(ConditionSet.READY, Status.False, AWAITING_BACKUP, detail);
    c.set(ConditionSet.PROGRESSING, Status.True, progress.step().name(), detail);
    c.set(ConditionSet.DEGRADED, Status.False, "NoFailure", "No failure.");
  }

  static void failed(ConditionSet c, GatewayException e, Optional<Instant> retryAt, boolean waitsForChange) {
    String reason = e instanceof BackupBlocked blocked ? blocked.condition() : e.reason().name();
    String when = waitsForChange
        ? " Not retried quickly: fix the permission, credential or spec (a change of spec or of a referenced Secret retries at once)"
            + retryAt.map(t -> "; next attempt at " + t).orElse("") + "."
        : retryAt.map(t -> " Next attempt at " + t + ".").orElse("");
    c.set(ConditionSet.READY, Status.False, reason, e.getMessage() + when);
    c.set(ConditionSet.DEGRADED, Status.True, reason, e.getMessage());
  }

  static void failingOver(ConditionSet c, ProtectorKey active, String vault, List<String> restartPending) {
    c.set(ConditionSet.READY, Status.True, "KeyActive", "The selected databases are protected by " + describe(active) + ".");
    c.set(ConditionSet.PROGRESSING, Status.True, "VaultFailover", "Switching the SQL Server credentials to " + vault + ".");
    c.set(ConditionSet.DEGRADED, Status.False, "NoFailure", "No failure.");
    restartPending(c, restartPending);
  }

  static void restartPending(ConditionSet c, List<String> instances) {
    if (instances.isEmpty()) {
      if (c.find(RESTART_PENDING) != null) {
        c.set(RESTART_PENDING, Status.False, "Restarted", "Every instance has restarted since its credentials changed.");
      }
      return;
    }
    c.set(RESTART_PENDING, Status.True, RESTART_PENDING, "Restart SQL Server on " + String.join(", ", instances)
        + ": the connector keeps using the old vault until the service restarts (in an availability group, on every "
        + "node). sqlserver_start_time is checked to see it happened.");
  }

  static void overlap(ConditionSet c, String other) {
    String message = "Policy " + other + " already selects some of the same databases on the same instance; two policies "
        + "would re-encrypt them in turn with their own keys. Narrow spec.sqlServer.databases or remove one policy.";
    c.set(ConditionSet.READY, Status.False, "Overlap", message);
    c.set(ConditionSet.PROGRESSING, Status.False, "Overlap", "Nothing runs while the policies overlap.");
    c.set(ConditionSet.DEGRADED, Status.False, "Overlap", "No external system was contacted.");
  }

  static void adoption(ConditionSet c, Adoption.Result result) {
    if (result.activeKey() != null && !result.keyAgeKnown()) {
      c.set(KEY_AGE_UNKNOWN, Status.True, KEY_AGE_UNKNOWN, "SQL Server cannot tell which vault key is behind "
          + result.activeKey().asymmetricKeyName() + ", so its age is unknown: the first rotation is due one interval after "
          + "adoption. Set spec.key.currentKeyName to count from the key's creation, or annotate the policy with "
          + TdeKeyPolicyPlanner.ROTATE_NOW + "=<any new value> to rotate now.");
    } else {
      c.set(KEY_AGE_UNKNOWN, Status.False, "KeyAgeKnown", "The active key's creation time is known.");
    }
    List<String> problems = new java.util.ArrayList<>();
    if (!result.disagreeing().isEmpty()) {
      problems.add("protected by another key than " + result.activeKey().asymmetricKeyName() + ": "
          + String.join(", ", result.disagreeing()));
    }
    if (!result.certificateProtected().isEmpty()) {
      problems.add("protected by a certificate (migrated only when listed by name): " + String.join(", ", result.certificateProtected()));
    }
    if (problems.isEmpty()) {
      c.set(PROTECTORS_DISAGREE, Status.False, "OneProtector", "Every selected database is protected by the same key.");
    } else {
      c.set(PROTECTORS_DISAGREE, Status.True, PROTECTORS_DISAGREE, "Databases " + String.join("; ", problems)
          + ". The next rotation brings every selected database onto one key.");
    }
  }

  private static String describe(ProtectorKey key) {
    if (key == null) {
      return "no key";
    }
    return key.asymmetricKeyName() + (key.keyName() == null ? " (vault key not declared)" : " (vault key " + key.keyName() + ")");
  }
}

package io.keyrotation.operator.principal;

import io.keyrotation.operator.api.principal.SecretRotationProgress;
import io.keyrotation.operator.api.principal.SecretRotationStep;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationSpec;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationStatus;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationStatus.ClientSecretInfo;
import io.keyrotation.operator.graph.PasswordCredential;
import io.keyrotation.operator.schedule.IsoDuration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides what a ServicePrincipalRotation does next: {@code (spec, status, observation, now) -> plan}.
 * Pure: no clock, no I/O. The order of the checks is the policy:
 * <ol>
 *   <li>a rotation in progress always continues (also when suspended), after its backoff;</li>
 *   <li>without a current secret, adopt the credential the targets hold (by configured key id, else
 *       by Graph's hint of the first Kubernetes Secret target); if none matches, only the manual
 *       trigger starts a rotation;</li>
 *   <li>{@code suspend} stops new rotations;</li>
 *   <li>the manual trigger, an expired or vanished current secret, or {@code nextRotationTime}
 *       reached starts one; otherwise wait for {@code nextRotationTime}.</li>
 * </ol>
 */
public final class SecretRotationPlanner {

  /**
   * What the reconciler observed.
   *
   * @param credentials the application's password credentials from Graph
   * @param heldHint the first three characters of the secret the first Kubernetes Secret target holds, if readable
   * @param manualTrigger the value of {@code keyrotation.io/rotate-now}, if set
   */
  public record Observation(List<PasswordCredential> credentials, Optional<String> heldHint, Optional<String> manualTrigger) {}

  public SecretRotationPlan plan(ServicePrincipalRotationSpec spec, ServicePrincipalRotationStatus status, Observation seen, Instant now) {
    SecretRotationProgress rotation = status.rotation();
    if (rotation != null) {
      return continueRotation(rotation, now);
    }
    boolean triggered = seen.manualTrigger().filter(t -> !t.equals(status.lastManualTrigger())).isPresent();
    ClientSecretInfo current = status.currentSecret();
    if (current == null) {
      Optional<PasswordCredential> match = adoptable(spec, seen);
      if (match.isPresent()) {
        return SecretRotationPlan.adopt(match.get(), "Adopted password credential " + match.get().keyId() + " (hint "
            + match.get().hint() + ") as the current secret.");
      }
      if (triggered && !spec.suspend()) {
        return SecretRotationPlan.start("Manual", "Rotation requested by keyrotation.io/rotate-now; the secret the targets held "
            + "could not be matched, so no old secret will be removed.", false);
      }
      return SecretRotationPlan.cannotAdopt(unmatchedMessage(spec, seen));
    }
    Optional<PasswordCredential> stillThere = seen.credentials().stream().filter(c -> c.keyId().equals(current.keyId())).findFirst();
    Instant end = stillThere.map(PasswordCredential::endDateTime).orElseGet(() -> parse(current.endDateTime()));
    boolean expired = stillThere.isEmpty() || end != null && !now.isBefore(end);
    if (spec.suspend()) {
      return SecretRotationPlan.suspended(expired);
    }
    if (triggered) {
      return SecretRotationPlan.start("Manual", "Rotation requested by keyrotation.io/rotate-now.", expired);
    }
    if (stillThere.isEmpty()) {
      return SecretRotationPlan.start("CurrentSecretGone", "The current secret " + current.keyId() + " is no longer on the "
          + "application (removed outside the operator): the connector may already be failing; rotating at once.", true);
    }
    if (expired) {
      return SecretRotationPlan.start("Expired", "The current secret " + current.keyId() + " expired at " + end
          + ": the connector may already be failing; rotating at once.", true);
    }
    Instant due = nextRotationTime(spec, end);
    if (!now.isBefore(due)) {
      return SecretRotationPlan.start("Due", "The current secret expires at " + end + "; rotating " + spec.rotateBefore()
          + " before.", false);
    }
    return SecretRotationPlan.waitUntil(due, NothingDue.UP_TO_DATE, "The current secret expires at " + end + "; next rotation at " + due + ".");
  }

  /** The current secret's end minus {@code rotateBefore}. */
  public static Instant nextRotationTime(ServicePrincipalRotationSpec spec, Instant secretEnd) {
    return IsoDuration.parse(spec.rotateBefore()).subtractFrom(secretEnd);
  }

  private static SecretRotationPlan continueRotation(SecretRotationProgress rotation, Instant now) {
    Instant retryAt = parse(rotation.nextAttemptTime());
    if (retryAt != null && now.isBefore(retryAt)) {
      return SecretRotationPlan.waitUntil(retryAt, "Backoff", "Step " + rotation.step() + " is retried at " + retryAt + ".");
    }
    if (rotation.step() == SecretRotationStep.GracePeriod) {
      Instant removeAfter = parse(rotation.removeOldAfter());
      if (removeAfter != null && now.isBefore(removeAfter)) {
        return SecretRotationPlan.waitUntil(removeAfter, "GracePeriod", "The old secret is removed after " + removeAfter + ".");
      }
      return SecretRotationPlan.run(SecretRotationStep.RemoveOldPassword);
    }
    return SecretRotationPlan.run(Objects.requireNonNull(rotation.step(), "rotation.step"));
  }

  private static Optional<PasswordCredential> adoptable(ServicePrincipalRotationSpec spec, Observation seen) {
    String keyId = spec.application().currentKeyId();
    if (keyId != null) {
      return seen.credentials().stream().filter(c -> c.keyId().equalsIgnoreCase(keyId)).findFirst();
    }
    if (seen.heldHint().isEmpty()) {
      return Optional.empty();
    }
    List<PasswordCredential> matching = seen.credentials().stream().filter(c -> seen.heldHint().get().equals(c.hint())).toList();
    // Two credentials with the same three first characters: the hint cannot tell which one the targets hold.
    return matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
  }

  private static String unmatchedMessage(ServicePrincipalRotationSpec spec, Observation seen) {
    if (spec.application().currentKeyId() != null) {
      return "The application has no password credential with keyId " + spec.application().currentKeyId()
          + " (spec.application.currentKeyId). Rotation starts only when keyrotation.io/rotate-now is set.";
    }
    if (seen.heldHint().isEmpty()) {
      return "Cannot tell which client secret the targets hold: no Kubernetes Secret target holds one, and "
          + "spec.application.currentKeyId is not set. Rotation starts only when keyrotation.io/rotate-now is set.";
    }
    long matches = seen.credentials().stream().filter(c -> seen.heldHint().get().equals(c.hint())).count();
    return (matches == 0 ? "No password credential of the application has the hint of the secret the Kubernetes Secret target holds"
        : matches + " password credentials share the hint of the secret the Kubernetes Secret target holds")
        + "; set spec.application.currentKeyId. Rotation starts only when keyrotation.io/rotate-now is set.";
  }

  static Instant parse(String time) {
    return time == null ? null : Instant.parse(time);
  }
}

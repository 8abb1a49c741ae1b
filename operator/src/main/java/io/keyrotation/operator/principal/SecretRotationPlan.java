package io.keyrotation.operator.principal;

import io.keyrotation.operator.api.principal.SecretRotationStep;
import io.keyrotation.operator.graph.PasswordCredential;
import java.time.Instant;
import java.util.Optional;

/**
 * What the planner decided for one reconcile.
 *
 * @param action what to do now
 * @param reason a condition reason (Due, Expired, Manual, NotAdopted, ...)
 * @param message what a user reads in the condition
 * @param wakeAt when to look again, if nothing else wakes the resource earlier
 * @param adopt the credential to record as current ({@link Action#ADOPT})
 * @param step the step to run ({@link Action#RUN_STEP})
 * @param currentExpired the current secret has already expired (the connector may be failing)
 */
public record SecretRotationPlan(Action action, String reason, String message, Optional<Instant> wakeAt,
                                 Optional<PasswordCredential> adopt, SecretRotationStep step, boolean currentExpired) {

  public enum Action {
    /** Record a credential of the application as the current secret; nothing external changes. */
    ADOPT,
    /** No credential matches what the targets hold; rotate only on the manual trigger. */
    CANNOT_ADOPT,
    /** Nothing is due before {@link #wakeAt}. */
    WAIT,
    /** {@code suspend: true}: no new rotation starts. */
    SUSPENDED,
    /** Write a new rotation id into status; the next reconcile adds the password. */
    START_ROTATION,
    /** Run {@link #step} of the rotation in progress. */
    RUN_STEP
  }

  static SecretRotationPlan adopt(PasswordCredential credential, String message) {
    return new SecretRotationPlan(Action.ADOPT, "Adopted", message, Optional.empty(), Optional.of(credential), null, false);
  }

  static SecretRotationPlan cannotAdopt(String message) {
    return new SecretRotationPlan(Action.CANNOT_ADOPT, "NotAdopted", message, Optional.empty(), Optional.empty(), null, false);
  }

  static SecretRotationPlan waitUntil(Instant when, String reason, String message) {
    return new SecretRotationPlan(Action.WAIT, reason, message, Optional.of(when), Optional.empty(), null, false);
  }

  static SecretRotationPlan suspended(boolean currentExpired) {
    return new SecretRotationPlan(Action.SUSPENDED, "Suspended", "spec.suspend is true: no rotation starts.", Optional.empty(),
        Optional.empty(), null, currentExpired);
  }

  static SecretRotationPlan start(String reason, String message, boolean currentExpired) {
    return new SecretRotationPlan(Action.START_ROTATION, reason, message, Optional.empty(), Optional.empty(), null, currentExpired);
  }

  static SecretRotationPlan run(SecretRotationStep step) {
    return new SecretRotationPlan(Action.RUN_STEP, step.name(), "Running step " + step + ".", Optional.empty(), Optional.empty(), step,
        false);
  }
}

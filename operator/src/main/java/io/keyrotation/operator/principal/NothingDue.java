package io.keyrotation.operator.principal;

import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationStatus;
import io.keyrotation.operator.status.ConditionSet;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a reconcile of a ServicePrincipalRotation has nothing to do before its next rotation time,
 * judged from the resource and its recorded status alone, so that it makes no call to Graph or the
 * Kubernetes API (DESIGN.md, "Observe ... nothing when nothing is due"): the spec is the one the
 * status answers, the current secret is adopted and Ready, no rotation is running, no new
 * rotate-now value is waiting, and the recorded next rotation time is still ahead.
 */
final class NothingDue {
  static final String UP_TO_DATE = "UpToDate";

  private NothingDue() {}

  /** The next rotation time when nothing is due before it; empty when the workflow must observe. */
  static Optional<Instant> until(ServicePrincipalRotation resource, Instant now) {
    ServicePrincipalRotationStatus status = resource.getStatus();
    if (status == null || status.rotation() != null || status.currentSecret() == null || status.nextRotationTime() == null
        || Boolean.TRUE.equals(resource.getSpec().suspend())
        || !Objects.equals(status.observedGeneration(), resource.getMetadata().getGeneration())
        || !ready(status) || newTrigger(resource, status)) {
      return Optional.empty();
    }
    try {
      Instant next = Instant.parse(status.nextRotationTime());
      return now.isBefore(next) ? Optional.of(next) : Optional.empty();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Ready in the planner's steady state; after an adoption or a rotation one more reconcile observes and says so. */
  private static boolean ready(ServicePrincipalRotationStatus status) {
    return status.conditions() != null && status.conditions().stream()
        .anyMatch(c -> ConditionSet.READY.equals(c.getType()) && "True".equals(c.getStatus()) && UP_TO_DATE.equals(c.getReason()));
  }

  private static boolean newTrigger(ServicePrincipalRotation resource, ServicePrincipalRotationStatus status) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    String trigger = annotations == null ? null : annotations.get(SecretRotationWorkflow.ROTATE_NOW);
    return trigger != null && !trigger.equals(status.lastManualTrigger());
  }
}

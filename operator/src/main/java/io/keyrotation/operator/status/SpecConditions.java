package io.keyrotation.operator.status;

import io.keyrotation.operator.validation.SpecProblem;
import java.util.List;
import java.util.stream.Collectors;

/** The conditions every kind sets from the outcome of validating its spec. */
public final class SpecConditions {
  private SpecConditions() {}

  public static void invalidSpec(ConditionSet conditions, List<SpecProblem> problems) {
    String message = "Fix the spec: " + problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
    String reason = FailureReason.InvalidSpec.name();
    conditions.set(ConditionSet.READY, ConditionSet.Status.False, reason, message)
        .set(ConditionSet.PROGRESSING, ConditionSet.Status.False, reason, "Nothing runs until the spec is fixed.")
        .set(ConditionSet.DEGRADED, ConditionSet.Status.False, reason, "No external system was contacted.");
  }

  public static void awaitingImplementation(ConditionSet conditions, String workflow) {
    String reason = Reasons.AWAITING_IMPLEMENTATION;
    conditions.set(ConditionSet.READY, ConditionSet.Status.Unknown, reason,
            "The spec is valid. This version of the operator does not run the " + workflow
                + " yet; nothing was changed in any external system.")
        .set(ConditionSet.PROGRESSING, ConditionSet.Status.False, reason, "No " + workflow + " is running.")
        .set(ConditionSet.DEGRADED, ConditionSet.Status.False, reason, "No failure.");
  }
}

package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.api.tde.TdeKeyPolicyStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * Everything the planner looks at, gathered by the reconciler without any external call.
 *
 * @param rotateNow the value of the {@code keyrotation.io/rotate-now} annotation, or null
 * @param overlappingPolicy the older policy that selects the same databases on the same instance, if any
 * @param secretVersions the referenced Secrets' names and resourceVersions now (see {@link ReferencedSecrets}), or
 *     null when not known
 */
public record PlannerInput(TdeKeyPolicySpec spec, TdeKeyPolicyStatus status, long generation, String rotateNow,
    Optional<String> overlappingPolicy, Instant now, String secretVersions) {
  public PlannerInput {
    if (status == null) status = TdeKeyPolicyStatus.empty();
  }

  public PlannerInput(TdeKeyPolicySpec spec, TdeKeyPolicyStatus status, long generation, String rotateNow,
      Optional<String> overlappingPolicy, Instant now) {
    this(spec, status, generation, rotateNow, overlappingPolicy, now, null);
  }
}

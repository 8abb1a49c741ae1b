package io.keyrotation.operator.principal;

import io.keyrotation.operator.api.principal.ServicePrincipalRotationStatus;
import io.keyrotation.operator.status.ConditionSet;
import java.time.Clock;

/** Builds the next ServicePrincipalRotation status from the current one; owns observedGeneration and conditions. */
public final class ServicePrincipalRotationStatusBuilder {
  private final ServicePrincipalRotationStatus current;
  private final long generation;
  private final ConditionSet conditions;

  public ServicePrincipalRotationStatusBuilder(ServicePrincipalRotationStatus current, long generation, Clock clock) {
    this.current = current == null ? ServicePrincipalRotationStatus.empty() : current;
    this.generation = generation;
    this.conditions = new ConditionSet(this.current.conditions(), generation, clock);
  }

  public ConditionSet conditions() {
    return conditions;
  }

  public ServicePrincipalRotationStatus build() {
    return new ServicePrincipalRotationStatus(generation, conditions.list(), current.currentSecret(),
        current.previousSecret(), current.lastRotationTime(), current.nextRotationTime(), current.rotation(),
        current.lastManualTrigger());
  }
}

package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.TdeKeyPolicyStatus;
import io.keyrotation.operator.status.ConditionSet;
import java.time.Clock;

/** Builds the next TdeKeyPolicy status from the current one; owns observedGeneration and conditions. */
public final class TdeKeyPolicyStatusBuilder {
  private final TdeKeyPolicyStatus current;
  private final long generation;
  private final ConditionSet conditions;

  public TdeKeyPolicyStatusBuilder(TdeKeyPolicyStatus current, long generation, Clock clock) {
    this.current = current == null ? TdeKeyPolicyStatus.empty() : current;
    this.generation = generation;
    this.conditions = new ConditionSet(this.current.conditions(), generation, clock);
  }

  public ConditionSet conditions() {
    return conditions;
  }

  public TdeKeyPolicyStatus build() {
    return new TdeKeyPolicyStatus(generation, conditions.list(), current.activeKey(), current.previousKeys(),
        current.lastRotationTime(), current.nextRotationTime(), current.rotation(), current.lastManualTrigger());
  }
}

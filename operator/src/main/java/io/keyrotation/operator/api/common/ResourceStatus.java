package io.keyrotation.operator.api.common;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What every status of ours has: the generation it answers to and its conditions. */
public interface ResourceStatus {
  Long observedGeneration();

  List<Condition> conditions();

  /** The value of the manual-trigger annotation last handled, so a new value runs once more. */
  String lastManualTrigger();
}

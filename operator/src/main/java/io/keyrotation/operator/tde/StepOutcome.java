package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.KeyRotationProgress;
import java.util.List;

/**
 * What a step did on this reconcile: the progress to record, Events that tell the story, and, when
 * the step has to wait for SQL Server (not a failure), why.
 */
record StepOutcome(KeyRotationProgress progress, List<StepEvent> events, String waitingFor) {
  record StepEvent(String reason, String message) {}

  static StepOutcome of(KeyRotationProgress progress, String reason, String message) {
    return new StepOutcome(progress, List.of(new StepEvent(reason, message)), null);
  }

  static StepOutcome quiet(KeyRotationProgress progress) {
    return new StepOutcome(progress, List.of(), null);
  }

  static StepOutcome waiting(KeyRotationProgress progress, String why) {
    return new StepOutcome(progress, List.of(), why);
  }
}

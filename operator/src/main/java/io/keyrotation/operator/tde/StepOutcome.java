package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.KeyRotationProgress;
import java.util.List;

/** What a step did on this reconcile: the progress to record, and Events that tell the story. */
record StepOutcome(KeyRotationProgress progress, List<StepEvent> events) {
  record StepEvent(String reason, String message) {}

  static StepOutcome of(KeyRotationProgress progress, String reason, String message) {
    return new StepOutcome(progress, List.of(new StepEvent(reason, message)));
  }

  static StepOutcome quiet(KeyRotationProgress progress) {
    return new StepOutcome(progress, List.of());
  }
}

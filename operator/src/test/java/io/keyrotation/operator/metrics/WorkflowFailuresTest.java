package io.keyrotation.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class WorkflowFailuresTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aNewFailureReasonCountsOnce() throws Exception {
    assertThat(WorkflowFailures.newFailure(null, ready("False", "Forbidden", "no wrapKey", 1))).contains("Forbidden");
  }

  @Test
  void theSameFailureWrittenAgainDoesNotCountTwice() throws Exception {
    JsonNode failing = ready("False", "Forbidden", "no wrapKey", 1);
    assertThat(WorkflowFailures.newFailure(failing, ready("False", "Forbidden", "no wrapKey", 1))).isEmpty();
  }

  @Test
  void oneMoreFailedAttemptOfTheSameStepCounts() throws Exception {
    assertThat(WorkflowFailures.newFailure(ready("False", "Throttled", "429", 1), ready("False", "Throttled", "429", 2)))
        .contains("Throttled");
  }

  @Test
  void waitingAndInvalidReasonsThatAreNotFailureReasonsDoNotCount() throws Exception {
    assertThat(WorkflowFailures.newFailure(null, ready("False", "AwaitingRestart", "restart sql-0", 0))).isEmpty();
    assertThat(WorkflowFailures.newFailure(null, ready("True", "Rotated", "ok", 0))).isEmpty();
  }

  @Test
  void aDegradedConditionWithAFailureReasonCounts() throws Exception {
    JsonNode degraded = JSON.readTree("""
        {"conditions": [{"type": "Ready", "status": "True", "reason": "Rotated"},
                        {"type": "Degraded", "status": "True", "reason": "Unavailable", "message": "standby down"}]}""");
    assertThat(WorkflowFailures.newFailure(null, degraded)).contains("Unavailable");
  }

  static JsonNode ready(String status, String reason, String message, int attempts) throws Exception {
    return JSON.readTree("""
        {"conditions": [{"type": "Ready", "status": "%s", "reason": "%s", "message": "%s"}],
         "rotation": {"step": "CreateVaultKey", "failedAttempts": %d}}""".formatted(status, reason, message, attempts));
  }
}

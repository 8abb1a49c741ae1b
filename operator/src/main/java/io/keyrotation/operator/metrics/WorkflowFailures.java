package io.keyrotation.operator.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyrotation.operator.status.FailureReason;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tells from two successive statuses whether a workflow step failed once more: the resource reports
 * a failure reason (Ready False, or Degraded True) that is new, or the same one with one more failed
 * attempt. Reasons that are not {@link FailureReason}s (waiting, in progress) are not failures.
 */
final class WorkflowFailures {
  static final String FAILURES = "keyrotation_workflow_failures";
  private static final Set<String> REASONS = Arrays.stream(FailureReason.values()).map(Enum::name).collect(Collectors.toSet());

  private WorkflowFailures() {}

  static Optional<String> newFailure(JsonNode before, JsonNode now) {
    Optional<String> reason = reason(now);
    if (reason.isEmpty()) {
      return Optional.empty();
    }
    boolean sameAsBefore = reason.equals(reason(before)) && message(before).equals(message(now));
    return sameAsBefore && attempts(now) <= attempts(before) ? Optional.empty() : reason;
  }

  static Optional<String> reason(JsonNode status) {
    Optional<String> ready = condition(status, "Ready", "False");
    return ready.isPresent() ? ready : condition(status, "Degraded", "True");
  }

  private static Optional<String> condition(JsonNode status, String type, String failingStatus) {
    if (status == null) {
      return Optional.empty();
    }
    for (JsonNode c : status.path("conditions")) {
      if (type.equals(c.path("type").asText()) && failingStatus.equals(c.path("status").asText())
          && REASONS.contains(c.path("reason").asText())) {
        return Optional.of(c.path("reason").asText());
      }
    }
    return Optional.empty();
  }

  private static String message(JsonNode status) {
    if (status == null) {
      return "";
    }
    for (JsonNode c : status.path("conditions")) {
      if ("Ready".equals(c.path("type").asText())) {
        return c.path("message").asText("");
      }
    }
    return "";
  }

  private static int attempts(JsonNode status) {
    if (status == null) {
      return 0;
    }
    return Math.max(status.path("rotation").path("failedAttempts").asInt(0), status.path("activeRun").path("retries").asInt(0));
  }
}

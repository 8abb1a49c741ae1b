package io.keyrotation.operator.metrics;

import io.keyrotation.operator.status.FailureReason;

/** The outcome label of an HTTP attempt: {@code success} or the failure reason its status code means. */
final class HttpOutcome {
  private HttpOutcome() {}

  static String of(int statusCode) {
    if (statusCode < 400) {
      return ExternalCalls.SUCCESS;
    }
    return switch (statusCode) {
      case 400 -> FailureReason.InvalidRequest.name();
      case 401 -> FailureReason.Unauthenticated.name();
      case 403 -> FailureReason.Forbidden.name();
      case 404 -> FailureReason.NotFound.name();
      case 409, 412 -> FailureReason.Conflict.name();
      case 429 -> FailureReason.Throttled.name();
      default -> statusCode >= 500 ? FailureReason.Unavailable.name() : FailureReason.InvalidRequest.name();
    };
  }

  /** No answer at all: connection refused, reset, timed out. */
  static String noResponse() {
    return FailureReason.Unavailable.name();
  }
}

package io.keyrotation.operator.graph;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.time.Duration;
import java.util.Optional;

/** A classified Graph failure; for 429 and 503 it carries the {@code Retry-After} Graph asked for. */
public class GraphException extends GatewayException {
  private final transient Duration retryAfter;

  public GraphException(FailureReason reason, String message, Duration retryAfter, Throwable cause) {
    super(reason, message, cause);
    this.retryAfter = retryAfter;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}

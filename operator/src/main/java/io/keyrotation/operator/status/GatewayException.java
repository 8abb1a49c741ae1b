package io.keyrotation.operator.status;

import java.util.Objects;

/**
 * A failure of an external system, already classified. Gateways throw only this; the message says
 * what the user should check and never contains a secret.
 */
public class GatewayException extends RuntimeException {
  private final FailureReason reason;
  private final boolean retryable;

  public GatewayException(FailureReason reason, String message) {
    this(reason, message, null);
  }

  public GatewayException(FailureReason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.retryable = reason == FailureReason.Throttled || reason == FailureReason.Unavailable;
  }

  public FailureReason reason() {
    return reason;
  }

  /** Whether retrying the same step later, unchanged, can succeed without the user doing anything. */
  public boolean retryable() {
    return retryable;
  }
}

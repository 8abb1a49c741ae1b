package io.keyrotation.operator.status;

import java.util.Objects;
import java.util.Optional;

/**
 * A failure of an external system, already classified. Gateways throw only this; the message says
 * what the user should check and never contains a secret.
 */
public class GatewayException extends RuntimeException {
  private final FailureReason reason;
  private final boolean retryable;
  private transient volatile ExternalCall call;

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

  /** The external call that failed, when known: its request id is what Microsoft support asks for. */
  public Optional<ExternalCall> call() {
    return Optional.ofNullable(call);
  }

  /** Records the call that failed, unless one already is (the innermost knows best). */
  public GatewayException withCall(ExternalCall failed) {
    if (call == null) {
      call = failed;
    }
    return this;
  }

  /** Whether retrying the same step later, unchanged, can succeed without the user doing anything. */
  public boolean retryable() {
    return retryable;
  }
}

package io.keyrotation.operator.tde;

import io.keyrotation.operator.status.FailureReason;
import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a failed step is tried again: exponential from 30 s with jitter, capped; failures no retry
 * can fix (Forbidden, Unauthenticated, InvalidSpec) wait the full cap, or a change of spec.
 * TODO(merge): replace with schedule.RetryBackoff once it lands on main.
 */
final class FailureBackoff {
  static final Duration FIRST = Duration.ofSeconds(30);

  private final Duration cap;
  private final DoubleSupplier random;

  FailureBackoff(Duration cap, DoubleSupplier random) {
    this.cap = cap;
    this.random = random;
  }

  Duration after(int failedAttempts, FailureReason reason) {
    if (TdeKeyPolicyPlanner.NEEDS_A_CHANGE.contains(reason.name())) {
      return cap;
    }
    Duration base = FIRST.multipliedBy(1L << Math.min(Math.max(failedAttempts - 1, 0), 20));
    Duration capped = base.compareTo(cap) > 0 ? cap : base;
    long jitterMillis = (long) (capped.toMillis() * 0.2 * random.getAsDouble());
    return capped.plusMillis(jitterMillis);
  }
}

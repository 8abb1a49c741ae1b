package io.keyrotation.operator.backup;

import java.time.Duration;

/**
 * How long a run waits after a failure that may pass (throttling, an outage) before its step is tried
 * again: 10 s doubling to at most 5 min. To be replaced by the shared {@code schedule.RetryBackoff}
 * (with jitter) once that lands on main.
 */
final class RunBackoff {
  private static final Duration FIRST = Duration.ofSeconds(10);
  private static final Duration MAX = Duration.ofMinutes(5);

  private RunBackoff() {}

  static Duration after(int failedAttempts) {
    int doublings = Math.min(Math.max(failedAttempts - 1, 0), 10);
    Duration delay = FIRST.multipliedBy(1L << doublings);
    return delay.compareTo(MAX) > 0 ? MAX : delay;
  }
}

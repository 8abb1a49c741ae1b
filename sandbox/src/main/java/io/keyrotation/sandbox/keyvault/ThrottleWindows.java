package io.keyrotation.sandbox.keyvault;

import io.keyrotation.sandbox.keyvault.ServiceLimits.ThrottleClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sliding-window request counters, one per {@link ThrottleClass}: a request is admitted when fewer
 * than the limit were admitted in the last window; otherwise the answer is how long until the
 * oldest of them leaves the window (what {@code Retry-After} reports).
 */
final class ThrottleWindows {
  private final Map<ThrottleClass, Deque<Instant>> admitted = new EnumMap<>(ThrottleClass.class);
  private volatile ServiceLimits limits;

  ThrottleWindows(ServiceLimits limits) {
    this.limits = limits;
    for (ThrottleClass c : ThrottleClass.values()) {
      admitted.put(c, new ArrayDeque<>());
    }
  }

  ServiceLimits limits() {
    return limits;
  }

  synchronized void limits(ServiceLimits newLimits) {
    this.limits = newLimits;
  }

  /** {@code Retry-After} is whole seconds: round up, never 0. */
  static long retryAfterSeconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  /** Empty when admitted (and counted); otherwise the time to wait before a retry can succeed. */
  synchronized Optional<Duration> admit(ThrottleClass throttleClass, Instant now) {
    Deque<Instant> window = admitted.get(throttleClass);
    Instant windowStart = now.minus(limits.window());
    while (!window.isEmpty() && !window.peekFirst().isAfter(windowStart)) {
      window.pollFirst();
    }
    if (window.size() >= limits.limitOf(throttleClass)) {
      return Optional.of(Duration.between(windowStart, window.peekFirst()));
    }
    window.addLast(now);
    return Optional.empty();
  }
}

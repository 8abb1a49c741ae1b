package io.keyrotation.sandbox.keyvault;

import io.keyrotation.sandbox.keyvault.ServiceLimits.ThrottleClass;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Weighted sliding windows, one for key creation and one for all other key operations. Each
 * request costs {@code budget / limit} of its class and key size, where {@code budget} is the least
 * common multiple of the family's limits, so that "the throttling thresholds are weighted, and
 * enforcement is on their sum" (service-limits page) holds exactly: 248 RSA-4096 HSM reads and 16
 * RSA-2048 HSM reads fill a window, as the page's example says. A request is admitted when the
 * window's sum plus its cost stays within the budget; otherwise the answer is how long until enough
 * of the oldest requests leave the window ({@code Retry-After}). Throttled requests are not counted
 * (throttling guidance: "Failed requests that return a 429 do not count towards the throttle limits").
 */
final class ThrottleWindows {
  private record Charge(Instant at, long cost) {}

  private final Deque<Charge> creates = new ArrayDeque<>();
  private final Deque<Charge> others = new ArrayDeque<>();
  private volatile ServiceLimits limits;

  ThrottleWindows(ServiceLimits limits) {
    this.limits = limits;
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
  synchronized Optional<Duration> admit(ThrottleClass throttleClass, int keySize, Instant now) {
    ServiceLimits current = limits;
    boolean create = throttleClass.isCreate();
    Deque<Charge> window = create ? creates : others;
    long budget = budget(current, create);
    long cost = budget / current.limitOf(throttleClass, keySize);
    Instant windowStart = now.minus(current.window());
    while (!window.isEmpty() && !window.peekFirst().at().isAfter(windowStart)) {
      window.pollFirst();
    }
    long used = window.stream().mapToLong(Charge::cost).sum();
    if (used + cost <= budget) {
      window.addLast(new Charge(now, cost));
      return Optional.empty();
    }
    long freed = 0;
    for (Charge charge : window) {
      freed += charge.cost();
      if (used - freed + cost <= budget) {
        return Optional.of(Duration.between(windowStart, charge.at()));
      }
    }
    return Optional.of(current.window()); // a single request costlier than the budget: cannot happen with the table's figures
  }

  private static long budget(ServiceLimits limits, boolean create) {
    BigInteger lcm = BigInteger.ONE;
    for (ThrottleClass c : ThrottleClass.values()) {
      if (c.isCreate() != create) {
        continue;
      }
      for (int size : new int[] {2048, 3072, 4096}) {
        BigInteger limit = BigInteger.valueOf(limits.limitOf(c, size));
        lcm = lcm.multiply(limit).divide(lcm.gcd(limit));
      }
    }
    return lcm.longValueExact();
  }
}

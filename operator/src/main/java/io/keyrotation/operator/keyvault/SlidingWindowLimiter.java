package io.keyrotation.operator.keyvault;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;

/**
 * Hands out send times so that no window of the configured length holds requests whose costs sum
 * to more than the budget (a plain limit is a budget of {@code permits} with every request costing
 * 1). A caller reserves the earliest free slot (possibly in the future) and waits until then;
 * reservations are first come, first served, so slots never go backwards. Time is in nanoseconds
 * from any origin.
 */
final class SlidingWindowLimiter {
  private record Reservation(long slot, long cost) {}

  private final long budget;
  private final long windowNanos;
  private final Deque<Reservation> reserved = new ArrayDeque<>();

  SlidingWindowLimiter(RateLimit limit, Duration safetyMargin) {
    this(limit.permits(), limit.window(), safetyMargin);
  }

  SlidingWindowLimiter(long budget, Duration window, Duration safetyMargin) {
    this.budget = budget;
    this.windowNanos = window.plus(safetyMargin).toNanos();
  }

  synchronized Optional<Long> reserve(long nowNanos, long maxWaitNanos) {
    return reserve(nowNanos, maxWaitNanos, 1);
  }

  /**
   * Reserves the earliest slot at or after {@code nowNanos} (and after every earlier reservation)
   * for a request of this cost; empty (and nothing reserved) when that slot is more than
   * {@code maxWaitNanos} away.
   */
  synchronized Optional<Long> reserve(long nowNanos, long maxWaitNanos, long cost) {
    if (cost > budget) {
      throw new IllegalArgumentException("a request costing " + cost + " can never fit a budget of " + budget);
    }
    while (!reserved.isEmpty() && reserved.peekFirst().slot() + windowNanos <= nowNanos) {
      reserved.pollFirst();
    }
    long slot = reserved.isEmpty() ? nowNanos : Math.max(nowNanos, reserved.peekLast().slot());
    long used = 0;
    for (Reservation r : reserved) {
      if (r.slot() + windowNanos > slot) {
        used += r.cost();
      }
    }
    Iterator<Reservation> oldestFirst = reserved.iterator();
    while (used + cost > budget) {
      Reservation leaving = oldestFirst.next();
      if (leaving.slot() + windowNanos > slot) {
        used -= leaving.cost();
        slot = leaving.slot() + windowNanos;
      }
    }
    if (slot - nowNanos > maxWaitNanos) {
      return Optional.empty();
    }
    reserved.addLast(new Reservation(slot, cost));
    return Optional.of(slot);
  }
}

package io.keyrotation.operator.keyvault;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Hands out send times so that no window of the configured length holds more than the permitted
 * number of requests. A caller reserves the earliest free slot (possibly in the future) and waits
 * until then; reservations are first come, first served. Time is in nanoseconds from any origin.
 */
final class SlidingWindowLimiter {
  private final int permits;
  private final long windowNanos;
  private final Deque<Long> reserved = new ArrayDeque<>();

  SlidingWindowLimiter(RateLimit limit, Duration safetyMargin) {
    this.permits = limit.permits();
    this.windowNanos = limit.window().plus(safetyMargin).toNanos();
  }

  /**
   * Reserves the earliest slot at or after {@code nowNanos}; empty (and nothing reserved) when that
   * slot is more than {@code maxWaitNanos} away.
   */
  synchronized Optional<Long> reserve(long nowNanos, long maxWaitNanos) {
    // Slots are handed out in non-decreasing order, so the oldest of the last `permits` slots
    // decides: the next one may be sent only once that one has left the window.
    long slot = reserved.size() < permits ? nowNanos : Math.max(nowNanos, reserved.peekFirst() + windowNanos);
    if (slot - nowNanos > maxWaitNanos) {
      return Optional.empty();
    }
    reserved.addLast(slot);
    if (reserved.size() > permits) {
      reserved.pollFirst();
    }
    return Optional.of(slot);
  }
}

package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlidingWindowLimiterTest {
  static final long UNLIMITED_WAIT = Long.MAX_VALUE / 4;

  @Test
  void grantsThePermitsAtOnceThenSchedulesTheRestAWindowLater() {
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(new RateLimit(3, Duration.ofNanos(1000)), Duration.ZERO);

    List<Long> slots = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      slots.add(limiter.reserve(0, UNLIMITED_WAIT).orElseThrow());
    }

    assertThat(slots).containsExactly(0L, 0L, 0L, 1000L, 1000L, 1000L, 2000L);
  }

  @Test
  void addsTheSafetyMarginToTheWindow() {
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(new RateLimit(1, Duration.ofNanos(1000)), Duration.ofNanos(100));

    assertThat(limiter.reserve(0, UNLIMITED_WAIT)).contains(0L);
    assertThat(limiter.reserve(0, UNLIMITED_WAIT)).contains(1100L);
  }

  @Test
  void refusesWithoutReservingWhenTheWaitWouldExceedTheMaximum() {
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(new RateLimit(1, Duration.ofNanos(1000)), Duration.ZERO);
    limiter.reserve(0, 0);

    assertThat(limiter.reserve(0, 999)).isEmpty();
    assertThat(limiter.reserve(0, 1000)).contains(1000L);
  }

  @Test
  void neverPutsMoreThanThePermitsIntoAnyWindow() {
    int permits = 10;
    long window = 10_000;
    SlidingWindowLimiter limiter = new SlidingWindowLimiter(new RateLimit(permits, Duration.ofNanos(window)), Duration.ZERO);
    Random random = new Random(42);
    List<Long> slots = new ArrayList<>();
    long now = 0;
    for (int i = 0; i < 2_000; i++) {
      now += random.nextInt(3) == 0 ? random.nextInt(3_000) : 0;
      Optional<Long> slot = limiter.reserve(now, UNLIMITED_WAIT);
      assertThat(slot).get().satisfies(s -> assertThat(s).isGreaterThanOrEqualTo(0L));
      slots.add(slot.get());
    }

    for (int i = permits; i < slots.size(); i++) {
      assertThat(slots.get(i) - slots.get(i - permits)).isGreaterThanOrEqualTo(window);
    }
  }
}

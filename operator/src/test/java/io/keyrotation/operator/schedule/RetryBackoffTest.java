package io.keyrotation.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.status.FailureReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class RetryBackoffTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-10T12:00:00Z"), ZoneOffset.UTC);
  static final Duration ONE_HOUR = Duration.ofHours(1);

  @ParameterizedTest(name = "after {0} failures the ceiling is {1}")
  @CsvSource(textBlock = """
      1,  PT30S
      2,  PT1M
      3,  PT2M
      4,  PT4M
      7,  PT32M
      8,  PT1H
      9,  PT1H
      40, PT1H
      2147483647, PT1H
      """)
  void ceilingDoublesFromThirtySecondsUpToTheCap(int failures, Duration ceiling) {
    assertThat(new RetryBackoff(ONE_HOUR, new SplittableRandom(1)).ceiling(failures)).isEqualTo(ceiling);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = FailureReason.class, names = {"NotFound", "Conflict", "Throttled", "Unavailable", "InvalidRequest", "SqlError"})
  void transientFailuresRetryBetweenHalfTheCeilingAndTheCeiling(FailureReason reason) {
    RetryBackoff backoff = new RetryBackoff(ONE_HOUR, new SplittableRandom(7));
    Instant failedAt = CLOCK.instant();
    for (int failures = 1; failures <= 12; failures++) {
      Duration ceiling = backoff.ceiling(failures);
      Instant next = backoff.nextAttempt(reason, failures, failedAt).orElseThrow();
      assertThat(Duration.between(failedAt, next)).isBetween(ceiling.dividedBy(2), ceiling);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = FailureReason.class, names = {"Unauthenticated", "Forbidden", "InvalidSpec"})
  void failuresOnlyAPersonCanFixWaitForAChangeInsteadOfATimer(FailureReason reason) {
    RetryBackoff backoff = new RetryBackoff(ONE_HOUR, new SplittableRandom(1));
    assertThat(RetryBackoff.waitsForChange(reason)).isTrue();
    assertThat(backoff.nextAttempt(reason, 1, CLOCK.instant())).isEmpty();
    assertThat(backoff.nextAttempt(reason, 20, CLOCK.instant())).isEmpty();
  }

  @Test
  void theSameSeedGivesTheSameDelays() {
    RetryBackoff a = new RetryBackoff(ONE_HOUR, new SplittableRandom(42));
    RetryBackoff b = new RetryBackoff(ONE_HOUR, new SplittableRandom(42));
    for (int failures = 1; failures <= 10; failures++) {
      assertThat(a.nextAttempt(FailureReason.Unavailable, failures, CLOCK.instant()))
          .isEqualTo(b.nextAttempt(FailureReason.Unavailable, failures, CLOCK.instant()));
    }
  }

  @Test
  void resourcesFailingTogetherDoNotRetryInLockStep() {
    RetryBackoff backoff = new RetryBackoff(ONE_HOUR, new SplittableRandom(3));
    Set<Instant> retries = new HashSet<>();
    for (int resource = 0; resource < 20; resource++) {
      retries.add(backoff.nextAttempt(FailureReason.Throttled, 9, CLOCK.instant()).orElseThrow());
    }
    assertThat(retries).hasSizeGreaterThan(10);
  }

  @Test
  void jitterReachesBothEndsOfItsRange() {
    RetryBackoff atLeast = new RetryBackoff(ONE_HOUR, new FixedDraw(0));
    RetryBackoff atMost = new RetryBackoff(ONE_HOUR, new FixedDraw(Long.MAX_VALUE));
    assertThat(atLeast.delay(1)).isEqualTo(Duration.ofSeconds(15));
    assertThat(atMost.delay(1)).isEqualTo(Duration.ofSeconds(30));
    assertThat(atMost.delay(30)).isEqualTo(ONE_HOUR);
    assertThat(atLeast.delay(30)).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void aCapFromConfigurationBoundsEveryDelay() {
    RetryBackoff tenMinutes = new RetryBackoff(Duration.ofMinutes(10), new FixedDraw(Long.MAX_VALUE));
    assertThat(tenMinutes.nextAttempt(FailureReason.Unavailable, 25, CLOCK.instant()))
        .contains(CLOCK.instant().plus(Duration.ofMinutes(10)));
  }

  @Test
  void refusesACapShorterThanTheFirstDelayAndAFailureCountBelowOne() {
    assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(10), new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT30S");
    assertThatThrownBy(() -> new RetryBackoff(ONE_HOUR, new SplittableRandom(1)).nextAttempt(FailureReason.Unavailable, 0, CLOCK.instant()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
  }

  /** Draws the lowest (0) or the highest value each bound allows; nextLong(bound) is all RetryBackoff uses. */
  private record FixedDraw(long value) implements RandomGenerator {
    @Override
    public long nextLong() {
      return value;
    }

    @Override
    public long nextLong(long bound) {
      return Math.min(value, bound - 1);
    }
  }
}

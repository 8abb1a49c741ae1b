package io.keyrotation.operator.schedule;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.RetryDelays;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * When a failed step is tried again: never in a tight loop, never in lock-step with every other
 * resource. The ceiling doubles from {@link #FIRST_DELAY} with each consecutive failure up to the
 * operator's cap; the delay is drawn with "equal jitter" between half the ceiling and the ceiling,
 * so a first retry comes 15 to 30 s after the failure and resources failing together spread out.
 *
 * <p>A failure that only a person can fix ({@code Unauthenticated}, {@code Forbidden},
 * {@code InvalidSpec}) gets no timer: the resource waits for a change of its spec or Secret (or for
 * JOSDK's hours-long safety-net reconcile), instead of hammering Azure AD or SQL Server with
 * credentials that will keep failing.
 *
 * <p>Planners call {@link #nextAttempt} once per failure and record the result in status; calling it
 * again on every reconcile would draw a new jitter each time.
 */
public final class RetryBackoff implements RetryDelays {
  public static final Duration FIRST_DELAY = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofHours(1);
  private static final Set<FailureReason> WAIT_FOR_CHANGE =
      EnumSet.of(FailureReason.Unauthenticated, FailureReason.Forbidden, FailureReason.InvalidSpec);
  /** 30 s doubled 30 times is about 1,000 years: any cap is reached long before. */
  private static final int MAX_DOUBLINGS = 30;

  private final Duration maxDelay;
  private final RandomGenerator random;

  /** @param maxDelay the cap (operator setting {@code KEYROTATION_RETRY_MAX_DELAY}), at least {@link #FIRST_DELAY} */
  public RetryBackoff(Duration maxDelay, RandomGenerator random) {
    if (maxDelay.compareTo(FIRST_DELAY) < 0) {
      throw new IllegalArgumentException("the retry cap must be at least " + FIRST_DELAY + ", not " + maxDelay);
    }
    this.maxDelay = maxDelay;
    this.random = random;
  }

  /**
   * @param failedAttempts consecutive failures so far, counting the one that just happened (1 or more)
   * @return when to try again, or empty when the reason waits for a change of spec or Secret
   */
  public Optional<Instant> nextAttempt(FailureReason reason, int failedAttempts, Instant lastFailureTime) {
    if (waitsForChange(reason)) {
      return Optional.empty();
    }
    return Optional.of(lastFailureTime.plus(delay(failedAttempts)));
  }

  /** True for failures that retrying cannot fix: wrong credentials, missing permissions, a bad spec. */
  public static boolean waitsForChange(FailureReason reason) {
    return WAIT_FOR_CHANGE.contains(reason);
  }

  /** The longest delay after this many consecutive failures: 30 s, 60 s, 120 s, ... up to the cap. */
  public Duration ceiling(int failedAttempts) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("failedAttempts counts the failure just seen, so it is at least 1, not " + failedAttempts);
    }
    Duration exponential = FIRST_DELAY.multipliedBy(1L << Math.min(failedAttempts - 1, MAX_DOUBLINGS));
    return exponential.compareTo(maxDelay) > 0 ? maxDelay : exponential;
  }

  /** A delay between half the ceiling and the ceiling, both included, to the millisecond. */
  @Override
  public Duration delay(int failedAttempts) {
    long ceiling = ceiling(failedAttempts).toMillis();
    long half = ceiling / 2;
    return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
  }

  public Duration maxDelay() {
    return maxDelay;
  }
}

package io.keyrotation.operator.status;

import java.time.Duration;

/**
 * How long to wait before trying again after some failures in a row. The {@code schedule} package's
 * {@code RetryBackoff} is the one in production; it is named here only in words so that {@code status}, which every
 * package reports through, depends on no scheduling code.
 */
@FunctionalInterface
public interface RetryDelays {
  /** @param failedAttempts consecutive failures so far, counting the one just seen (1 or more) */
  Duration delay(int failedAttempts);
}

package io.keyrotation.operator.keyvault;

import java.time.Duration;
import java.util.Objects;

/**
 * Retries inside one gateway call, for 408/429/5xx and I/O failures: at most {@code maxRetries},
 * exponential backoff from {@code baseDelay} with jitter, capped at {@code maxDelay}; a
 * {@code Retry-After} from the vault replaces the backoff. When the vault asks to wait longer than
 * {@code maxRetryAfter}, the call fails at once as {@code Throttled} so the controller can requeue
 * instead of holding a thread. {@code attemptTimeout} bounds each HTTP attempt (connect, response,
 * read, write), so a vault that stops answering fails the attempt as {@code Unavailable}.
 */
public record KeyVaultRetry(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter,
                            Duration attemptTimeout) {
  public KeyVaultRetry {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative");
    }
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    Objects.requireNonNull(attemptTimeout, "attemptTimeout");
    if (attemptTimeout.isZero() || attemptTimeout.isNegative()) {
      throw new IllegalArgumentException("attemptTimeout must be positive");
    }
  }

  public static KeyVaultRetry defaults() {
    return new KeyVaultRetry(3, Duration.ofMillis(800), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(30));
  }

  public static KeyVaultRetry none() {
    return new KeyVaultRetry(0, Duration.ofMillis(800), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(30));
  }

  /** The same bounds without any retry: for calls that must not be sent twice (key creation). */
  public KeyVaultRetry withoutRetries() {
    return new KeyVaultRetry(0, baseDelay, maxDelay, maxRetryAfter, attemptTimeout);
  }

  public KeyVaultRetry withAttemptTimeout(Duration timeout) {
    return new KeyVaultRetry(maxRetries, baseDelay, maxDelay, maxRetryAfter, timeout);
  }
}

package io.keyrotation.operator.keyvault;

import java.time.Duration;
import java.util.Objects;

/** At most {@code permits} requests in any {@code window}. */
public record RateLimit(int permits, Duration window) {
  public RateLimit {
    Objects.requireNonNull(window, "window");
    if (permits < 1 || window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("a rate limit needs at least one permit and a positive window");
    }
  }

  public static RateLimit perTenSeconds(int permits) {
    return new RateLimit(permits, Duration.ofSeconds(10));
  }
}

package io.keyrotation.operator.keyvault;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/** One vault's client-side limits: a sliding-window limiter per {@link OperationClass}. */
final class VaultRateLimiter {
  private final Map<OperationClass, SlidingWindowLimiter> limiters = new EnumMap<>(OperationClass.class);
  private final long maxWaitNanos;
  private final LongSupplier nanoClock;

  VaultRateLimiter(KeyVaultRateLimits limits, LongSupplier nanoClock) {
    for (OperationClass c : OperationClass.values()) {
      limiters.put(c, new SlidingWindowLimiter(limits.limitOf(c), limits.safetyMargin()));
    }
    this.maxWaitNanos = limits.maxWait().toNanos();
    this.nanoClock = nanoClock;
  }

  VaultRateLimiter(KeyVaultRateLimits limits) {
    this(limits, System::nanoTime);
  }

  /** How long to wait before sending; empty when the wait would exceed the configured maximum. */
  Optional<Duration> reserve(OperationClass operationClass) {
    long now = nanoClock.getAsLong();
    return limiters.get(operationClass).reserve(now, maxWaitNanos).map(slot -> Duration.ofNanos(slot - now));
  }
}

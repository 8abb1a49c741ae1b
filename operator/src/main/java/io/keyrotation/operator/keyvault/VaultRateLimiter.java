package io.keyrotation.operator.keyvault;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One vault's client-side limits, weighted as the vault weighs them: key creations share one
 * window and all other key operations another; in each, a request costs {@code budget / limit} of
 * its class and key size, where the budget is the least common multiple of the family's limits
 * ({@link KeyVaultRateLimits}: "the throttling thresholds are weighted, and enforcement is on
 * their sum").
 */
final class VaultRateLimiter {
  private static final int[] KEY_SIZES = {2048, 3072, 4096};

  private final KeyVaultRateLimits limits;
  private final SlidingWindowLimiter creates;
  private final SlidingWindowLimiter others;
  private final long createBudget;
  private final long otherBudget;
  private final long maxWaitNanos;
  private final LongSupplier nanoClock;

  VaultRateLimiter(KeyVaultRateLimits limits, LongSupplier nanoClock) {
    this.limits = limits;
    this.createBudget = budget(limits, true);
    this.otherBudget = budget(limits, false);
    this.creates = new SlidingWindowLimiter(createBudget, limits.softwareKeyCreates().window(), limits.safetyMargin());
    this.others = new SlidingWindowLimiter(otherBudget, limits.softwareKeyOperations().window(), limits.safetyMargin());
    this.maxWaitNanos = limits.maxWait().toNanos();
    this.nanoClock = nanoClock;
  }

  VaultRateLimiter(KeyVaultRateLimits limits) {
    this(limits, System::nanoTime);
  }

  /** How long to wait before sending; empty when the wait would exceed the configured maximum. */
  Optional<Duration> reserve(OperationClass operationClass, int keySize) {
    long now = nanoClock.getAsLong();
    boolean create = operationClass.isCreate();
    long cost = (create ? createBudget : otherBudget) / limits.limitOf(operationClass, keySize).permits();
    return (create ? creates : others).reserve(now, maxWaitNanos, cost).map(slot -> Duration.ofNanos(slot - now));
  }

  Optional<Duration> reserve(OperationClass operationClass) {
    return reserve(operationClass, 2048);
  }

  private static long budget(KeyVaultRateLimits limits, boolean create) {
    BigInteger lcm = BigInteger.ONE;
    for (OperationClass c : OperationClass.values()) {
      if (c.isCreate() == create) {
        for (int size : KEY_SIZES) {
          BigInteger permits = BigInteger.valueOf(limits.limitOf(c, size).permits());
          lcm = lcm.multiply(permits).divide(lcm.gcd(permits));
        }
      }
    }
    return lcm.longValueExact();
  }
}

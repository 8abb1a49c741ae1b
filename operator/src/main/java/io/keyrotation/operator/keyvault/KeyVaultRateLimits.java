package io.keyrotation.operator.keyvault;

import java.time.Duration;
import java.util.Objects;

/**
 * The client-side limits the gateway keeps per vault, by operation class. Defaults are Key Vault's
 * published limits for RSA 2048-bit keys (per 10 s: creation 20 software / 10 HSM; other key
 * operations 4,000 / 2,000). {@code safetyMargin} lengthens each window so that requests delayed in
 * flight cannot bunch up inside one of the service's windows; {@code maxWait} bounds how long a
 * caller queues for a permit before the call fails as {@code Throttled} instead.
 */
public record KeyVaultRateLimits(RateLimit softwareKeyCreates, RateLimit hsmKeyCreates,
                                 RateLimit softwareKeyOperations, RateLimit hsmKeyOperations,
                                 Duration safetyMargin, Duration maxWait) {

  public KeyVaultRateLimits {
    Objects.requireNonNull(softwareKeyCreates, "softwareKeyCreates");
    Objects.requireNonNull(hsmKeyCreates, "hsmKeyCreates");
    Objects.requireNonNull(softwareKeyOperations, "softwareKeyOperations");
    Objects.requireNonNull(hsmKeyOperations, "hsmKeyOperations");
    Objects.requireNonNull(safetyMargin, "safetyMargin");
    Objects.requireNonNull(maxWait, "maxWait");
  }

  public static KeyVaultRateLimits published() {
    return new KeyVaultRateLimits(RateLimit.perTenSeconds(20), RateLimit.perTenSeconds(10),
        RateLimit.perTenSeconds(4000), RateLimit.perTenSeconds(2000), Duration.ofSeconds(1), Duration.ofSeconds(60));
  }

  public RateLimit limitOf(OperationClass operationClass) {
    return switch (operationClass) {
      case SOFTWARE_KEY_CREATE -> softwareKeyCreates;
      case HSM_KEY_CREATE -> hsmKeyCreates;
      case SOFTWARE_KEY_OPERATION -> softwareKeyOperations;
      case HSM_KEY_OPERATION -> hsmKeyOperations;
    };
  }

  public KeyVaultRateLimits withSafetyMargin(Duration margin) {
    return new KeyVaultRateLimits(softwareKeyCreates, hsmKeyCreates, softwareKeyOperations, hsmKeyOperations, margin, maxWait);
  }

  public KeyVaultRateLimits withMaxWait(Duration wait) {
    return new KeyVaultRateLimits(softwareKeyCreates, hsmKeyCreates, softwareKeyOperations, hsmKeyOperations, safetyMargin, wait);
  }

  /** The same permits over a different window (tests and benchmarks use a shorter one). */
  public KeyVaultRateLimits scaledTo(Duration window) {
    return new KeyVaultRateLimits(
        new RateLimit(softwareKeyCreates.permits(), window), new RateLimit(hsmKeyCreates.permits(), window),
        new RateLimit(softwareKeyOperations.permits(), window), new RateLimit(hsmKeyOperations.permits(), window),
        safetyMargin, maxWait);
  }
}

package io.keyrotation.operator.keyvault;

import java.time.Duration;
import java.util.Objects;

/**
 * The client-side limits the gateway keeps per vault, by operation class and key size. Defaults are
 * Key Vault's published limits ("Azure Key Vault service limits",
 * learn.microsoft.com/azure/key-vault/general/service-limits, transactions per 10 s per vault):
 *
 * <pre>
 * key type        HSM create  HSM other  software create  software other
 * RSA 2,048-bit       10        2,000          20              4,000
 * RSA 3,072-bit       10          500          20              1,000
 * RSA 4,096-bit       10          250          20                500
 * </pre>
 *
 * The record holds the 2,048-bit row; {@link #limitOf(OperationClass, int)} derives the others
 * (creation unchanged, other operations divided by 4 and 8). The thresholds "are weighted, and
 * enforcement is on their sum" (same page), which {@link VaultRateLimiter} follows. {@code safetyMargin} lengthens each window so that requests delayed in
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

  /** The limit for a request on an RSA key of {@code keySize} bits, as the published table gives it. */
  public RateLimit limitOf(OperationClass operationClass, int keySize) {
    RateLimit limit = limitOf(operationClass);
    if (operationClass.isCreate()) {
      return limit;
    }
    int divisor = keySize >= 4096 ? 8 : keySize >= 3072 ? 4 : 1;
    return new RateLimit(Math.max(1, limit.permits() / divisor), limit.window());
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

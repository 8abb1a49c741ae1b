package io.keyrotation.sandbox.keyvault;

import java.time.Duration;

/**
 * A vault's request limits per window, as Key Vault's "Azure Key Vault service limits" page
 * (learn.microsoft.com/azure/key-vault/general/service-limits, "Key transactions (maximum
 * transactions allowed in 10 seconds, per vault per region)") publishes them:
 *
 * <pre>
 * key type        HSM create  HSM other  software create  software other
 * RSA 2,048-bit       10        2,000          20              4,000
 * RSA 3,072-bit       10          500          20              1,000
 * RSA 4,096-bit       10          250          20                500
 * </pre>
 *
 * The record holds the RSA 2,048-bit row; the other rows keep creation and divide "all other
 * transactions" by 4 (3,072-bit) and 8 (4,096-bit), as the table does. "The throttling thresholds
 * are weighted, and enforcement is on their sum" (same page): each request uses 1/limit of the
 * window's budget for its class and key size ({@link ThrottleWindows}). Tests use
 * {@link #scaledTo} to keep the same limits over a shorter window.
 */
public record ServiceLimits(int softwareKeyCreates, int hsmKeyCreates, int softwareKeyOperations,
                            int hsmKeyOperations, Duration window) {

  public static ServiceLimits published() {
    return new ServiceLimits(20, 10, 4000, 2000, Duration.ofSeconds(10));
  }

  public ServiceLimits scaledTo(Duration shorterWindow) {
    return new ServiceLimits(softwareKeyCreates, hsmKeyCreates, softwareKeyOperations, hsmKeyOperations, shorterWindow);
  }

  /** The RSA 2,048-bit limit of a class. */
  public int limitOf(ThrottleClass throttleClass) {
    return switch (throttleClass) {
      case SOFTWARE_KEY_CREATE -> softwareKeyCreates;
      case HSM_KEY_CREATE -> hsmKeyCreates;
      case SOFTWARE_KEY_OPERATION -> softwareKeyOperations;
      case HSM_KEY_OPERATION -> hsmKeyOperations;
    };
  }

  /** The limit of a class for an RSA key of {@code keySize} bits (the published table's row). */
  public int limitOf(ThrottleClass throttleClass, int keySize) {
    int limit = limitOf(throttleClass);
    return throttleClass.isCreate() ? limit : Math.max(1, limit / otherOperationsDivisor(keySize));
  }

  /** 4,000 / 1,000 / 500 (software) and 2,000 / 500 / 250 (HSM): a fixed ratio per size. */
  static int otherOperationsDivisor(int keySize) {
    if (keySize >= 4096) {
      return 8;
    }
    return keySize >= 3072 ? 4 : 1;
  }

  /** The counters a request is charged to. */
  public enum ThrottleClass {
    SOFTWARE_KEY_CREATE("key creation requests (software-protected)"),
    HSM_KEY_CREATE("key creation requests (HSM-protected)"),
    SOFTWARE_KEY_OPERATION("key operations (software-protected)"),
    HSM_KEY_OPERATION("key operations (HSM-protected)");

    private final String description;

    ThrottleClass(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }

    public boolean isCreate() {
      return this == SOFTWARE_KEY_CREATE || this == HSM_KEY_CREATE;
    }
  }
}

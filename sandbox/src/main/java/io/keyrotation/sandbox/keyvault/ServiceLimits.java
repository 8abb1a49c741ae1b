package io.keyrotation.sandbox.keyvault;

import java.time.Duration;

/**
 * A vault's request limits per window, by class of operation, as Key Vault's service-limits page
 * publishes them for RSA 2048-bit keys (per 10 s: creation 20 software / 10 HSM; every other key
 * operation 4,000 / 2,000). Tests use {@link #scaledTo} to keep the same limits over a shorter
 * window.
 */
public record ServiceLimits(int softwareKeyCreates, int hsmKeyCreates, int softwareKeyOperations,
                            int hsmKeyOperations, Duration window) {

  public static ServiceLimits published() {
    return new ServiceLimits(20, 10, 4000, 2000, Duration.ofSeconds(10));
  }

  public ServiceLimits scaledTo(Duration shorterWindow) {
    return new ServiceLimits(softwareKeyCreates, hsmKeyCreates, softwareKeyOperations, hsmKeyOperations, shorterWindow);
  }

  public int limitOf(ThrottleClass throttleClass) {
    return switch (throttleClass) {
      case SOFTWARE_KEY_CREATE -> softwareKeyCreates;
      case HSM_KEY_CREATE -> hsmKeyCreates;
      case SOFTWARE_KEY_OPERATION -> softwareKeyOperations;
      case HSM_KEY_OPERATION -> hsmKeyOperations;
    };
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
  }
}

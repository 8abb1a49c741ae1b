package io.keyrotation.sandbox.keyvault;

import io.keyrotation.sandbox.keyvault.ServiceLimits.ThrottleClass;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What an authenticated request goes through before it is served, in Key Vault's order: injected
 * latency and faults, then service limits, then the access policy. Shared by the HTTP front door
 * and the Java admission API so that both see the same faults, limits and policies.
 */
final class RequestGate {

  /** Why a request is refused; null in an allowed {@link Decision}. */
  enum Refusal { INJECTED_FAULT, THROTTLED, FORBIDDEN }

  record Decision(Refusal refusal, int status, Long retryAfterSeconds, ThrottleClass throttleClass, int keySize) {
    boolean allowed() {
      return refusal == null;
    }
  }

  private final Clock clock;
  private final VaultKeys keys;
  private final AccessPolicies access;
  private final ThrottleWindows throttle;
  private final FaultInjector faults;

  RequestGate(Clock clock, VaultKeys keys, AccessPolicies access, ThrottleWindows throttle, FaultInjector faults) {
    this.clock = clock;
    this.keys = keys;
    this.access = access;
    this.throttle = throttle;
    this.faults = faults;
  }

  /**
   * {@code requestedKeyType} and {@code requestedKeySize} are those of a create request's body
   * (null and 0 otherwise): creations are charged by what they ask for, other requests by the key.
   */
  Decision decide(String clientId, VaultOperation operation, String keyName, String requestedKeyType, int requestedKeySize) {
    sleep(faults.latency());
    ThrottleClass throttleClass = keys.throttleClassOf(operation, keyName, requestedKeyType);
    int keySize = operation == VaultOperation.CREATE_KEY ? requestedKeySize : keys.keySizeOf(keyName);
    Optional<Integer> fault = faults.failureFor(operation);
    if (fault.isPresent()) {
      int status = fault.get();
      return new Decision(Refusal.INJECTED_FAULT, status, status == 429 || status == 503 ? 1L : null, throttleClass, keySize);
    }
    Optional<Duration> wait = throttle.admit(throttleClass, keySize, clock.instant());
    if (wait.isPresent()) {
      return new Decision(Refusal.THROTTLED, 429, ThrottleWindows.retryAfterSeconds(wait.get()), throttleClass, keySize);
    }
    if (!access.permits(clientId, operation.permission())) {
      return new Decision(Refusal.FORBIDDEN, 403, null, throttleClass, keySize);
    }
    return new Decision(null, 200, null, throttleClass, keySize);
  }

  /** A fault that strikes after a request of this operation was served, if a test set one. */
  Optional<FaultInjector.AfterServing> afterServing(VaultOperation operation) {
    return faults.afterServing(operation);
  }

  ServiceLimits limits() {
    return throttle.limits();
  }

  private static void sleep(Duration latency) {
    if (latency.isZero() || latency.isNegative()) {
      return;
    }
    try {
      Thread.sleep(latency.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.keyrotation.operator.keyvault;

/** The gateway's own limiter refused a request: the vault's limit would be reached before {@code maxWait}. */
final class RateLimitExceededException extends RuntimeException {
  RateLimitExceededException(OperationClass operationClass) {
    super("client-side limit for " + operationClass + " reached", null, false, false);
  }
}

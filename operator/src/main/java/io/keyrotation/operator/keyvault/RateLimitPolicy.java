package io.keyrotation.operator.keyvault;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.util.Context;
import java.time.Duration;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Takes a permit from the vault's limiter before every HTTP attempt, retries included (it sits
 * after the retry policy), so what reaches the vault stays under its limits. The operation class
 * travels in the call's {@link Context}.
 */
final class RateLimitPolicy implements HttpPipelinePolicy {
  static final String OPERATION_CLASS = "keyrotation.keyvault.operationClass";
  static final String KEY_SIZE = "keyrotation.keyvault.keySize";

  private final VaultRateLimiter limiter;

  RateLimitPolicy(VaultRateLimiter limiter) {
    this.limiter = limiter;
  }

  static Context contextFor(OperationClass operationClass) {
    return contextFor(operationClass, 2048);
  }

  /** RSA-3072 and RSA-4096 keys have lower limits for everything but creation. */
  static Context contextFor(OperationClass operationClass, int keySize) {
    return new Context(OPERATION_CLASS, operationClass).addData(KEY_SIZE, keySize);
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    OperationClass operationClass = operationClassOf(context);
    Optional<Duration> wait = limiter.reserve(operationClass, keySizeOf(context));
    if (wait.isEmpty()) {
      return Mono.error(new RateLimitExceededException(operationClass));
    }
    return wait.get().isZero() || wait.get().isNegative() ? next.process() : Mono.delay(wait.get()).then(next.process());
  }

  @Override
  public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    OperationClass operationClass = operationClassOf(context);
    Duration wait = limiter.reserve(operationClass, keySizeOf(context)).orElseThrow(() -> new RateLimitExceededException(operationClass));
    if (!wait.isZero() && !wait.isNegative()) {
      try {
        Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a Key Vault rate-limit permit", e);
      }
    }
    return next.processSync();
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_RETRY;
  }

  private static int keySizeOf(HttpPipelineCallContext context) {
    return context.getData(KEY_SIZE).filter(Integer.class::isInstance).map(Integer.class::cast).orElse(2048);
  }

  private static OperationClass operationClassOf(HttpPipelineCallContext context) {
    return context.getData(OPERATION_CLASS).filter(OperationClass.class::isInstance).map(OperationClass.class::cast)
        .orElse(OperationClass.SOFTWARE_KEY_OPERATION);
  }
}

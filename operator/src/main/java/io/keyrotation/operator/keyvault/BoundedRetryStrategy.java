package io.keyrotation.operator.keyvault;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryStrategy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries bounded by {@link KeyVaultRetry}: the SDK's choice of what to retry (408, 429, 5xx, I/O
 * errors), except when the vault asks for a longer pause than {@code maxRetryAfter} or our own
 * limiter refused the request; exponential backoff with "equal jitter" (half the delay fixed, half
 * random: the SDK's own jitter is only ±5 %, too little to spread a fleet's retries). A
 * {@code Retry-After} from the vault replaces the backoff (the SDK's {@code RetryPolicy} does that).
 */
final class BoundedRetryStrategy implements RetryStrategy {
  private final ExponentialBackoff backoff;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Duration maxRetryAfter;

  BoundedRetryStrategy(KeyVaultRetry retry) {
    this.backoff = new ExponentialBackoff(new ExponentialBackoffOptions()
        .setMaxRetries(retry.maxRetries()).setBaseDelay(retry.baseDelay()).setMaxDelay(retry.maxDelay()));
    this.baseDelay = retry.baseDelay();
    this.maxDelay = retry.maxDelay();
    this.maxRetryAfter = retry.maxRetryAfter();
  }

  @Override
  public int getMaxRetries() {
    return backoff.getMaxRetries();
  }

  @Override
  public Duration calculateRetryDelay(int retryAttempts) {
    long exponential = baseDelay.toNanos() << Math.min(Math.max(retryAttempts, 0), 20);
    long capped = Math.min(exponential <= 0 ? Long.MAX_VALUE : exponential, maxDelay.toNanos());
    long half = capped / 2;
    return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(half + 1));
  }

  @Override
  public boolean shouldRetryCondition(RequestRetryCondition condition) {
    if (condition.getThrowable() instanceof RateLimitExceededException) {
      return false;
    }
    HttpResponse response = condition.getResponse();
    if (response != null && retryAfter(response).compareTo(maxRetryAfter) > 0) {
      return false;
    }
    return backoff.shouldRetryCondition(condition);
  }

  static Duration retryAfter(HttpResponse response) {
    String value = response.getHeaderValue(HttpHeaderName.RETRY_AFTER);
    if (value == null) {
      return Duration.ZERO;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return Duration.ZERO; // an HTTP date: rare for Key Vault; let the SDK interpret it
    }
  }
}

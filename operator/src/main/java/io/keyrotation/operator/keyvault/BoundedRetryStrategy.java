package io.keyrotation.operator.keyvault;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RequestRetryCondition;
import com.azure.core.http.policy.RetryStrategy;
import java.time.Duration;

/**
 * The SDK's exponential backoff with jitter (and its handling of {@code Retry-After}), bounded by
 * {@link KeyVaultRetry}: no retry when the vault asks for a longer pause than {@code maxRetryAfter},
 * and none when our own limiter refused the request.
 */
final class BoundedRetryStrategy implements RetryStrategy {
  private final ExponentialBackoff backoff;
  private final Duration maxRetryAfter;

  BoundedRetryStrategy(KeyVaultRetry retry) {
    this.backoff = new ExponentialBackoff(new ExponentialBackoffOptions()
        .setMaxRetries(retry.maxRetries()).setBaseDelay(retry.baseDelay()).setMaxDelay(retry.maxDelay()));
    this.maxRetryAfter = retry.maxRetryAfter();
  }

  @Override
  public int getMaxRetries() {
    return backoff.getMaxRetries();
  }

  @Override
  public Duration calculateRetryDelay(int retryAttempts) {
    return backoff.calculateRetryDelay(retryAttempts);
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

package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BoundedRetryStrategyTest {
  final BoundedRetryStrategy strategy = new BoundedRetryStrategy(
      new KeyVaultRetry(5, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(30)));

  @Test
  void backsOffExponentiallyWithJitterUpToTheCap() {
    for (int attempt = 0; attempt < 8; attempt++) {
      long ceiling = Math.min(100L << attempt, 2000L);
      Set<Duration> seen = new HashSet<>();
      for (int i = 0; i < 50; i++) {
        Duration delay = strategy.calculateRetryDelay(attempt);
        assertThat(delay).isBetween(Duration.ofMillis(ceiling / 2), Duration.ofMillis(ceiling));
        seen.add(delay);
      }
      assertThat(seen).as("jitter spreads the delays").hasSizeGreaterThan(1);
    }
  }

  @Test
  void boundsTheNumberOfRetries() {
    assertThat(strategy.getMaxRetries()).isEqualTo(5);
  }
}

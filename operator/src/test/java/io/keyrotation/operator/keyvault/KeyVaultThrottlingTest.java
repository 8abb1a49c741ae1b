package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.RecordedRequest;
import io.keyrotation.sandbox.keyvault.ServiceLimits;
import io.keyrotation.sandbox.keyvault.VaultDefinition;
import io.keyrotation.sandbox.keyvault.VaultOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Throttling, end to end: the vault's own limits answer 429 with Retry-After, the gateway waits that
 * long before retrying, and its client-side limiter keeps a burst under the vault's limit. The
 * limits keep their published counts over a shorter window so that the tests take seconds.
 */
class KeyVaultThrottlingTest {
  static final Duration WINDOW = Duration.ofMillis(500);
  static StandInFixture sandbox;

  @BeforeAll
  static void start() {
    sandbox = new StandInFixture();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  static KeyVaultStandIn vault(String name, ServiceLimits limits) {
    return sandbox.startVault(VaultDefinition.of(name, "westeurope", StandInFixture.SUBSCRIPTION, StandInFixture.TENANT).withLimits(limits));
  }

  static KeyVaultGateway gateway(KeyVaultStandIn vault, KeyVaultSettings settings) {
    return new KeyVaultGateways(settings).gatewayFor(vault.vaultUrl(), sandbox.operator());
  }

  static KeyVaultRetry retries(int count) {
    return new KeyVaultRetry(count, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  @Test
  void waitsForTheRetryAfterOfAnInjected429BeforeRetrying() {
    KeyVaultStandIn vault = vault("throttle-injected", ServiceLimits.published());
    vault.createKey("hot-key", false, 2048, Map.of());
    KeyVaultGateway gateway = gateway(vault, sandbox.settings().withRetry(retries(2)));
    gateway.getKey("hot-key");
    vault.clearRequests();
    vault.faults().failNext(VaultOperation.GET_KEY, 1, 429);

    assertThat(gateway.getKey("hot-key")).isPresent();

    List<RecordedRequest> gets = vault.requests().stream().filter(r -> r.operation() == VaultOperation.GET_KEY).toList();
    assertThat(gets).extracting(RecordedRequest::status).containsExactly(429, 200);
    assertRetryCameAfterRetryAfter(gets.get(0), gets.get(1));
  }

  @Test
  void retriesAfterTheVaultsOwnLimitAnswers429() {
    KeyVaultStandIn vault = vault("throttle-service", new ServiceLimits(20, 10, 3, 3, Duration.ofSeconds(1)));
    vault.createKey("busy-key", false, 2048, Map.of());
    KeyVaultSettings noClientLimit = sandbox.settings().withRetry(retries(3))
        .withRateLimits(KeyVaultRateLimits.published().withSafetyMargin(Duration.ZERO));
    KeyVaultGateway gateway = gateway(vault, noClientLimit);

    for (int i = 0; i < 5; i++) {
      assertThat(gateway.getKey("busy-key")).isPresent();
    }

    List<RecordedRequest> gets = vault.requests().stream().filter(r -> r.operation() == VaultOperation.GET_KEY && r.clientId() != null).toList();
    assertThat(gets).filteredOn(r -> r.status() == 429).isNotEmpty()
        .allSatisfy(r -> assertThat(r.retryAfterSeconds()).isEqualTo(1L));
    assertThat(gets).filteredOn(r -> r.status() == 200).hasSize(5);
    for (int i = 0; i + 1 < gets.size(); i++) {
      if (gets.get(i).status() == 429) {
        assertRetryCameAfterRetryAfter(gets.get(i), gets.get(i + 1));
      }
    }
  }

  @Test
  void keepsABurstOf100HsmCreatesUnderTheVaultLimitWithoutA429() throws Exception {
    ServiceLimits scaled = ServiceLimits.published().scaledTo(WINDOW);
    KeyVaultStandIn vault = vault("throttle-burst", scaled);
    KeyVaultSettings settings = sandbox.settings()
        .withRateLimits(KeyVaultRateLimits.published().scaledTo(WINDOW).withSafetyMargin(WINDOW.dividedBy(2))
            .withMaxWait(Duration.ofSeconds(60)));
    KeyVaultGateway gateway = gateway(vault, settings);

    List<VaultKey> created = createConcurrently(gateway, "burst", 100);

    assertThat(created).hasSize(100);
    assertThat(authenticated(vault, VaultOperation.CREATE_KEY)).extracting(RecordedRequest::status).hasSize(100).containsOnly(200);
    assertThat(vault.requests()).noneMatch(r -> r.status() == 429);
  }

  @Test
  void sameBurstWithoutTheClientLimiterIsThrottledByTheVault() throws Exception {
    KeyVaultStandIn vault = vault("throttle-control", ServiceLimits.published().scaledTo(Duration.ofSeconds(30)));
    KeyVaultGateway unlimited = gateway(vault, sandbox.settings()
        .withRateLimits(KeyVaultRateLimits.published().scaledTo(Duration.ofMillis(1)).withSafetyMargin(Duration.ZERO)));

    List<Throwable> failures = new ArrayList<>();
    try {
      createConcurrently(unlimited, "unlimited", 15);
    } catch (java.util.concurrent.ExecutionException e) {
      failures.add(e.getCause());
    }

    assertThat(failures).isNotEmpty();
    assertThat(authenticated(vault, VaultOperation.CREATE_KEY)).filteredOn(r -> r.status() == 429).isNotEmpty();
  }

  @Test
  void spacesReadsOfAnRsa3072KeyByItsLowerLimit() {
    // Per window: 8 RSA-2048 reads, so 2 RSA-3072 reads (the published table divides by 4).
    Duration window = Duration.ofMillis(500);
    KeyVaultStandIn vault = vault("throttle-rsa3072", new ServiceLimits(20, 10, 8, 8, window));
    vault.createKey("big-key", false, 3072, Map.of());
    RateLimit eight = new RateLimit(8, window);
    KeyVaultRateLimits sameAsTheVault = new KeyVaultRateLimits(new RateLimit(20, window), new RateLimit(10, window), eight, eight,
        window, Duration.ofSeconds(30));
    KeyVaultGateway gateway = gateway(vault, sandbox.settings().withRateLimits(sameAsTheVault));

    for (int i = 0; i < 6; i++) {
      assertThat(gateway.getKey("big-key")).isPresent();
    }

    assertThat(authenticated(vault, VaultOperation.GET_KEY)).extracting(RecordedRequest::status).hasSize(6).containsOnly(200);
  }

  /** What the vault counted: the SDK's first, unauthenticated request of each host is only the bearer challenge. */
  private static List<RecordedRequest> authenticated(KeyVaultStandIn vault, VaultOperation operation) {
    return vault.requests().stream().filter(r -> r.operation() == operation && r.clientId() != null).toList();
  }

  private static List<VaultKey> createConcurrently(KeyVaultGateway gateway, String prefix, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<VaultKey>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String name = prefix + "-" + i;
        futures.add(pool.submit(() -> gateway.createKey(NewKey.rsa(name, KeyProtection.HSM, 2048))));
      }
      List<VaultKey> keys = new ArrayList<>();
      java.util.concurrent.ExecutionException firstFailure = null;
      for (Future<VaultKey> future : futures) {
        try {
          keys.add(future.get());
        } catch (java.util.concurrent.ExecutionException e) {
          firstFailure = firstFailure == null ? e : firstFailure;
        }
      }
      if (firstFailure != null) {
        throw firstFailure;
      }
      return keys;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertRetryCameAfterRetryAfter(RecordedRequest throttled, RecordedRequest retry) {
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(retry.receivedAt())
        .as("retry must not arrive before the Retry-After of the 429 has passed")
        .isAfterOrEqualTo(throttled.answeredAt().plusSeconds(throttled.retryAfterSeconds()));
  }
}

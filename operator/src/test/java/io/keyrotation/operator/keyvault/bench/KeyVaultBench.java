package io.keyrotation.operator.keyvault.bench;

import io.keyrotation.operator.keyvault.AzureIdentity;
import io.keyrotation.operator.keyvault.KeyProtection;
import io.keyrotation.operator.keyvault.KeyVaultGateway;
import io.keyrotation.operator.keyvault.KeyVaultGateways;
import io.keyrotation.operator.keyvault.KeyVaultRateLimits;
import io.keyrotation.operator.keyvault.KeyVaultRetry;
import io.keyrotation.operator.keyvault.KeyVaultSettings;
import io.keyrotation.operator.keyvault.NewKey;
import io.keyrotation.operator.keyvault.RateLimit;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.RecordedRequest;
import io.keyrotation.sandbox.keyvault.SandboxVaults;
import io.keyrotation.sandbox.keyvault.ServiceLimits;
import io.keyrotation.sandbox.keyvault.VaultDefinition;
import io.keyrotation.sandbox.keyvault.VaultOperation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Benchmark, not a test: (1) calls per second the gateway sustains against the stand-in with
 * limits out of the way, (2) how exactly the client-side limiter holds a configured limit (largest
 * count in any window as the vault saw it, mean rate, 429s), (3) a burst of HSM key creations at
 * the real published limit (10 per 10 s). Run with {@code make bench}.
 */
public final class KeyVaultBench {
  private static final String TENANT = "be7c0000-0000-4000-8000-000000000001";
  private static final String SUBSCRIPTION = "be7c0000-0000-4000-8000-000000000002";
  private static final String APP = "be7c0000-0000-4000-8000-000000000003";

  private final SandboxTls tls = SandboxTls.generate();
  private final AzureAdStandIn aad;
  private final SandboxVaults vaults;
  private final Path caFile;
  private final String secret;

  private KeyVaultBench() throws Exception {
    AppRegistry registry = new AppRegistry();
    secret = registry.registerApp(TENANT, APP, "bench", Instant.now().plus(1, ChronoUnit.DAYS)).secretText();
    aad = AzureAdStandIn.start(tls, registry);
    vaults = new SandboxVaults(aad, tls);
    caFile = tls.writeCertificatePem(Files.createTempDirectory("keyvault-bench").resolve("ca.pem"));
  }

  public static void main(String[] args) throws Exception {
    quietLogging();
    KeyVaultBench bench = new KeyVaultBench();
    try {
      bench.throughput();
      bench.limiterAccuracy(new RateLimit(200, Duration.ofSeconds(1)), Duration.ofSeconds(10), 16);
      bench.hsmCreatesAtPublishedLimit(30);
    } finally {
      bench.vaults.close();
      bench.aad.close();
    }
    System.exit(0);
  }

  private KeyVaultSettings settings(KeyVaultRateLimits limits) {
    return KeyVaultSettings.defaults()
        .withAuthorityHost(aad.authorityHost())
        .withExtraTrustedCaFile(caFile)
        .withDisableChallengeResourceVerification(true)
        .withDisableInstanceDiscovery(true)
        .withRetry(KeyVaultRetry.defaults())
        .withRateLimits(limits);
  }

  private KeyVaultStandIn vault(String name, ServiceLimits limits) {
    KeyVaultStandIn vault = vaults.start(VaultDefinition.of(name, "westeurope", SUBSCRIPTION, TENANT).withLimits(limits));
    vault.grant(APP, KeyPermission.values());
    return vault;
  }

  private KeyVaultGateway gateway(KeyVaultStandIn vault, KeyVaultRateLimits limits) {
    return new KeyVaultGateways(settings(limits)).gatewayFor(vault.vaultUrl(), AzureIdentity.clientSecret(TENANT, APP, secret));
  }

  private static KeyVaultRateLimits unlimited() {
    RateLimit huge = new RateLimit(1_000_000, Duration.ofSeconds(1));
    return new KeyVaultRateLimits(huge, huge, huge, huge, Duration.ZERO, Duration.ofSeconds(1));
  }

  /** 1. Raw calls per second: getKey from 1, 8 and 32 threads, limits lifted on both sides. */
  private void throughput() throws Exception {
    KeyVaultStandIn vault = vault("bench-throughput", new ServiceLimits(1_000_000, 1_000_000, 1_000_000, 1_000_000, Duration.ofSeconds(1)));
    vault.createKey("bench-key", false, 2048, Map.of());
    KeyVaultGateway gateway = gateway(vault, unlimited());
    gateway.getKey("bench-key"); // sign in, warm up the connection pool
    System.out.println("== 1. Gateway throughput: getKey against the stand-in over HTTPS (limits lifted)");
    System.out.printf("%8s %12s %14s%n", "threads", "calls", "calls/second");
    for (int threads : new int[] {1, 8, 32}) {
      runFor(Duration.ofSeconds(2), threads, () -> gateway.getKey("bench-key")); // warm-up
      Duration measured = Duration.ofSeconds(5);
      long calls = runFor(measured, threads, () -> gateway.getKey("bench-key"));
      System.out.printf("%8d %12d %14.0f%n", threads, calls, calls / (measured.toMillis() / 1000.0));
    }
  }

  /** 2. Limiter accuracy: the same limit on vault and gateway, load well above it. */
  private void limiterAccuracy(RateLimit limit, Duration duration, int threads) throws Exception {
    ServiceLimits vaultLimits = new ServiceLimits(20, 10, limit.permits(), limit.permits(), limit.window());
    KeyVaultStandIn vault = vault("bench-limiter", vaultLimits);
    vault.createKey("bench-key", false, 2048, Map.of());
    Duration margin = limit.window().dividedBy(10); // the same ratio as the defaults (1 s on 10 s)
    KeyVaultRateLimits gatewayLimits = new KeyVaultRateLimits(RateLimit.perTenSeconds(20), RateLimit.perTenSeconds(10),
        limit, limit, margin, Duration.ofSeconds(30));
    KeyVaultGateway gateway = gateway(vault, gatewayLimits);
    gateway.getKey("bench-key");
    vault.clearRequests();
    long calls = runFor(duration, threads, () -> gateway.getKey("bench-key"));
    List<RecordedRequest> seen = vault.requests().stream().filter(r -> r.operation() == VaultOperation.GET_KEY && r.clientId() != null).toList();
    long throttled = seen.stream().filter(r -> r.status() == 429).count();
    double configured = limit.permits() / (limit.window().toMillis() / 1000.0);
    System.out.println();
    System.out.println("== 2. Rate limiter accuracy: " + limit.permits() + " per " + limit.window().toMillis() + " ms on vault and gateway "
        + "(gateway safety margin " + margin.toMillis() + " ms), " + threads + " threads for " + duration.toSeconds() + " s");
    System.out.printf("   calls completed: %d, mean rate %.1f/s (configured %.1f/s, %.1f %% of it)%n",
        calls, calls / (duration.toMillis() / 1000.0), configured, 100.0 * calls / (duration.toMillis() / 1000.0) / configured);
    System.out.printf("   largest number admitted in any %d ms window at the vault: %d (limit %d); 429 answers: %d%n",
        limit.window().toMillis(), maxInWindow(seen.stream().filter(r -> r.status() == 200).toList(), limit.window()),
        limit.permits(), throttled);
    Instant steadyFrom = seen.get(0).receivedAt().plus(limit.window());
    Instant last = seen.get(seen.size() - 1).receivedAt();
    long steady = seen.stream().filter(r -> r.status() == 200 && r.receivedAt().isAfter(steadyFrom)).count();
    System.out.printf("   steady state after the first window: %.1f/s (the gateway's own ceiling with its margin: %.1f/s)%n",
        steady / (Duration.between(steadyFrom, last).toMillis() / 1000.0),
        limit.permits() / (limit.window().plus(margin).toMillis() / 1000.0));
  }

  /** 3. A fleet rotation's burst at the real published HSM limit (10 per 10 s). */
  private void hsmCreatesAtPublishedLimit(int count) throws Exception {
    KeyVaultStandIn vault = vault("bench-hsm-creates", ServiceLimits.published());
    KeyVaultGateway gateway = gateway(vault, KeyVaultRateLimits.published().withMaxWait(Duration.ofMinutes(5)));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "fleet-" + i;
      futures.add(pool.submit(() -> gateway.createKey(NewKey.rsa(name, KeyProtection.HSM, 2048))));
    }
    int failed = 0;
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (Exception e) {
        failed++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdownNow();
    List<RecordedRequest> creates = vault.requests().stream().filter(r -> r.operation() == VaultOperation.CREATE_KEY).toList();
    System.out.println();
    System.out.println("== 3. " + count + " HSM key creations at the published limit (10 per 10 s; gateway window 10 s + 1 s margin)");
    System.out.printf("   elapsed %.1f s (%.2f creates/s), failed %d, 429 answers %d, largest count in any 10 s window at the vault: %d%n",
        seconds, count / seconds, failed, creates.stream().filter(r -> r.status() == 429).count(),
        maxInWindow(creates.stream().filter(r -> r.status() == 200).toList(), Duration.ofSeconds(10)));
  }

  private static long maxInWindow(List<RecordedRequest> requests, Duration window) {
    List<Instant> times = requests.stream().map(RecordedRequest::receivedAt).sorted().toList();
    long best = 0;
    int first = 0;
    for (int last = 0; last < times.size(); last++) {
      while (!times.get(first).isAfter(times.get(last).minus(window))) {
        first++;
      }
      best = Math.max(best, last - first + 1);
    }
    return best;
  }

  private static long runFor(Duration duration, int threads, Runnable call) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong completed = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < threads; i++) {
      pool.submit(() -> {
        while (running.get()) {
          call.run();
          if (running.get()) {
            completed.incrementAndGet();
          }
        }
      });
    }
    Thread.sleep(duration.toMillis());
    running.set(false);
    pool.shutdown();
    pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
    return completed.get();
  }

  private static void quietLogging() {
    org.slf4j.Logger root = LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (root instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }
}

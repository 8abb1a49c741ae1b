package io.keyrotation.operator.bench;

import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.VaultKeySpec;
import io.keyrotation.operator.backup.VaultBackupScheduleReconciler;
import io.keyrotation.operator.principal.ServicePrincipalRotationReconciler;
import io.keyrotation.operator.tde.TdeKeyPolicyReconciler;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An idle hour: {@code n} resources of each kind (TdeKeyPolicies over a database of their own,
 * VaultBackupSchedules that run on 1 January, ServicePrincipalRotations of applications whose secret
 * expires in 300 days), all Ready; then the operator's clock moves an hour forward and every
 * resource is reconciled once more (the safety net at its minimum, one minute, so that each is woken
 * within the measured interval although nothing is due). What the stand-ins received in that
 * interval is the cost of an idle hour; its reconciles give the latency when nothing is due.
 */
final class IdleHourBench {
  private static final Duration SETTLE = Duration.ofSeconds(5);
  private static final List<String> CONTROLLERS = List.of(TdeKeyPolicyReconciler.NAME, VaultBackupScheduleReconciler.NAME,
      ServicePrincipalRotationReconciler.NAME);
  private final int n;
  private final Duration bound;

  IdleHourBench(int n, Duration bound) {
    this.n = n;
    this.bound = bound;
  }

  void run(BenchReport report) throws InterruptedException {
    BenchClock clock = new BenchClock();
    Map<String, String> settings = Map.of("KEYROTATION_MAX_RECONCILIATION_INTERVAL", "PT1M");
    try (BenchWorld world = new BenchWorld(1, n, clock, settings, true, true)) {
      long start = System.nanoTime();
      world.createFleet("idle", VaultKeySpec.KeyType.RSA);
      long created = System.nanoTime();
      int ready = Waits.until(bound, () -> readyOfEveryKind(world), 3 * n, Duration.ofSeconds(2));
      double toReadySeconds = (System.nanoTime() - start) / 1e9;
      report.section("Idle hour: " + n + " resources of each kind, all Ready, the operator's clock moved an hour forward");
      report.tableHeader();
      report.row("created (user's requests to the Kubernetes stand-in)", 3 * n, String.format("%.1f s", (created - start) / 1e9));
      report.row("Ready", ready + " of " + 3 * n, String.format("%.1f s from the first create (operator in this JVM)", toReadySeconds));
      if (ready < 3 * n) {
        report.text("Not every resource became Ready within " + bound.toSeconds() + " s: "
            + world.policies().stream().filter(ready()).count() + " TdeKeyPolicies, " + world.readyOf("VaultBackupSchedule")
            + " VaultBackupSchedules, " + world.readyOf("ServicePrincipalRotation") + " ServicePrincipalRotations.");
        for (String kind : List.of("TdeKeyPolicy", "VaultBackupSchedule", "ServicePrincipalRotation")) {
          world.notReadyReasons(kind).stream().limit(3).forEach(r -> report.text("- " + kind + " not Ready: `" + r + "`"));
        }
      }
      Thread.sleep(SETTLE.toMillis());

      MeterRegistry registry = world.harness.metrics().registry();
      Map<String, ReconcileTimes> before = times(registry);
      long vault = world.vaultRequests();
      long sql = world.sqlConnections();
      long graph = world.graphRequests();
      long kube = world.harness.operatorClient().calls().size();
      double operatorSide = externalCalls(registry);
      clock.advance(Duration.ofHours(1));
      Waits.until(Duration.ofMinutes(3), () -> (int) reconcilesSince(registry, before), ready);
      Thread.sleep(SETTLE.toMillis());
      Map<String, ReconcileTimes> after = times(registry);
      long vaultCalls = world.vaultRequests() - vault;
      long sqlCalls = world.sqlConnections() - sql;
      long graphCalls = world.graphRequests() - graph;
      long kubeCalls = world.harness.operatorClient().calls().size() - kube;
      report.row("reconciles in the idle hour", reconcilesSince(registry, before),
          "each resource at least once (safety net PT1M; production default PT6H)");
      report.row("Key Vault requests per resource per idle hour", BenchReport.ratio((double) vaultCalls / ready),
          vaultCalls + " requests at the vault stand-ins (target 0)");
      report.row("SQL Server connections per resource per idle hour", BenchReport.ratio((double) sqlCalls / ready),
          sqlCalls + " TDS connections accepted by the SQL Server stand-in (target 0)");
      report.row("Graph requests per resource per idle hour", BenchReport.ratio((double) graphCalls / ready),
          graphCalls + " requests at the Graph stand-in (target 0)");
      report.row("external calls of any kind, operator's own counter", (long) (externalCalls(registry) - operatorSide),
          "keyrotation_external_calls (Key Vault, SQL Server, Graph, Blob)");
      report.row("Kubernetes API requests per resource per idle hour", BenchReport.ratio((double) kubeCalls / ready),
          kubeCalls + " requests by the operator's client (watches stay open)");
      for (String controller : CONTROLLERS) {
        ReconcileTimes earlier = before.get(controller);
        ReconcileTimes later = after.get(controller);
        report.row(controller + " reconcile p50 / p99, nothing due", BenchReport.millis(later.quantileMillisSince(earlier, 0.5))
            + " / " + BenchReport.millis(later.quantileMillisSince(earlier, 0.99)),
            later.countSince(earlier) + " reconciles; JOSDK timer, histogram bucket bound; p99 target < 10 ms");
      }
    }
  }

  static int readyOfEveryKind(BenchWorld world) {
    return (int) world.policies().stream().filter(ready()).count() + world.readyOf("VaultBackupSchedule")
        + world.readyOf("ServicePrincipalRotation");
  }

  private static Map<String, ReconcileTimes> times(MeterRegistry registry) {
    return CONTROLLERS.stream().collect(java.util.stream.Collectors.toMap(c -> c, c -> ReconcileTimes.of(registry, c)));
  }

  private static long reconcilesSince(MeterRegistry registry, Map<String, ReconcileTimes> before) {
    return CONTROLLERS.stream().mapToLong(c -> ReconcileTimes.of(registry, c).countSince(before.get(c))).sum();
  }

  private static double externalCalls(MeterRegistry registry) {
    return registry.find("keyrotation_external_calls").counters().stream().mapToDouble(c -> c.count()).sum();
  }

  static Predicate<TdeKeyPolicy> ready() {
    return IdleHourBench::ready;
  }

  static boolean ready(TdeKeyPolicy policy) {
    if (policy.getStatus() == null || policy.getStatus().conditions() == null) {
      return false;
    }
    return policy.getStatus().conditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}

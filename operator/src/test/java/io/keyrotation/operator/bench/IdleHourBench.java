package io.keyrotation.operator.bench;

import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.VaultKeySpec;
import io.keyrotation.operator.tde.TdeKeyPolicyReconciler;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An idle hour: {@code n} TdeKeyPolicies, each over a database of its own, adopted and Ready; then
 * the operator's clock moves an hour forward and every policy is reconciled once more (the safety
 * net set to its minimum, one minute, so that each resource is woken within the measured interval
 * although nothing is due). What the stand-ins received in that interval is the cost of an idle
 * hour; the reconciles in it give the latency when nothing is due.
 */
final class IdleHourBench {
  private static final Duration SETTLE = Duration.ofSeconds(5);
  private final int n;
  private final Duration bound;

  IdleHourBench(int n, Duration bound) {
    this.n = n;
    this.bound = bound;
  }

  void run(BenchReport report) throws InterruptedException {
    BenchClock clock = new BenchClock();
    try (BenchWorld fleet = new BenchWorld(1, n, clock, Map.of("KEYROTATION_MAX_RECONCILIATION_INTERVAL", "PT1M"))) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        String database = fleet.databases.get(i);
        fleet.create(fleet.policy("idle-" + database, "k" + database.substring(2), List.of(database), VaultKeySpec.KeyType.RSA));
      }
      long created = System.nanoTime();
      int ready = Waits.until(bound, () -> (int) fleet.policies().stream().filter(ready()).count(), n);
      double toReadySeconds = (System.nanoTime() - start) / 1e9;
      report.section("Idle hour: " + n + " TdeKeyPolicies, one database each, adopted and Ready");
      report.tableHeader();
      report.row("created (user's requests to the Kubernetes stand-in)", String.format("%.1f s", (created - start) / 1e9), "");
      report.row("Ready", ready + " of " + n, String.format("%.1f s from the first create", toReadySeconds));
      if (ready < n) {
        report.text("Not all policies became Ready within " + bound.toSeconds() + " s; idle figures below are for those that did.");
      }
      Thread.sleep(SETTLE.toMillis());

      ReconcileTimes before = ReconcileTimes.of(fleet.harness.metrics().registry(), TdeKeyPolicyReconciler.NAME);
      long vault = fleet.vaultRequests();
      long sql = fleet.sqlConnections();
      long kube = fleet.harness.operatorClient().calls().size();
      clock.advance(Duration.ofHours(1));
      Waits.until(Duration.ofMinutes(3), () -> (int) Math.min(Integer.MAX_VALUE,
          ReconcileTimes.of(fleet.harness.metrics().registry(), TdeKeyPolicyReconciler.NAME).countSince(before)), ready);
      Thread.sleep(SETTLE.toMillis());
      ReconcileTimes after = ReconcileTimes.of(fleet.harness.metrics().registry(), TdeKeyPolicyReconciler.NAME);
      long reconciles = after.countSince(before);
      long vaultCalls = fleet.vaultRequests() - vault;
      long sqlCalls = fleet.sqlConnections() - sql;
      long kubeCalls = fleet.harness.operatorClient().calls().size() - kube;
      report.row("reconciles in the idle hour", reconciles, "each policy at least once (safety net PT1M; production default PT6H)");
      report.row("Key Vault requests per resource per idle hour", BenchReport.ratio((double) vaultCalls / ready),
          vaultCalls + " requests at the vault stand-ins (target 0)");
      report.row("SQL Server connections per resource per idle hour", BenchReport.ratio((double) sqlCalls / ready),
          sqlCalls + " TDS connections accepted by the SQL Server stand-in (target 0)");
      report.row("Kubernetes API requests per resource per idle hour", BenchReport.ratio((double) kubeCalls / ready),
          kubeCalls + " requests by the operator's client (watches stay open; with one reconcile per resource)");
      report.row("reconcile latency p50, nothing due", BenchReport.millis(after.quantileMillisSince(before, 0.5)),
          "JOSDK timer, histogram bucket bound");
      report.row("reconcile latency p99, nothing due", BenchReport.millis(after.quantileMillisSince(before, 0.99)),
          "target < 10 ms");
      report.row("reconcile latency mean, nothing due", BenchReport.millis(after.meanMillisSince(before)), "");
    }
  }

  static java.util.function.Predicate<TdeKeyPolicy> ready() {
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

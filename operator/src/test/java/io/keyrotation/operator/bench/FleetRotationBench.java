package io.keyrotation.operator.bench;

import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.VaultKeySpec;
import io.keyrotation.sandbox.keyvault.RecordedRequest;
import io.keyrotation.sandbox.keyvault.ServiceLimits;
import io.keyrotation.sandbox.keyvault.VaultOperation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A fleet rotation: {@code n} policies with HSM-protected keys in one (Premium) vault stand-in that
 * enforces the published service limits, all asked to rotate at once. What the vault admitted,
 * over the interval between its first and last successful create, against its limit.
 */
final class FleetRotationBench {
  private final int n;
  private final Duration bound;

  FleetRotationBench(int n, Duration bound) {
    this.n = n;
    this.bound = bound;
  }

  void run(BenchReport report) throws InterruptedException {
    try (BenchWorld fleet = new BenchWorld(1, n, Clock.systemUTC(), Map.of())) {
      fleet.createFleet("fleet", VaultKeySpec.KeyType.RSA_HSM);
      int ready = Waits.until(bound, () -> (int) fleet.policies().stream().filter(IdleHourBench.ready()).count(), n);
      fleet.keyVault.primary().clearRequests();
      long start = System.nanoTime();
      for (String database : fleet.databases) {
        fleet.rotateNow("fleet-" + database, "fleet-1");
      }
      int rotated = Waits.until(bound, () -> (int) fleet.policies().stream()
          .filter(p -> RotationLatencyBench.rotated(p, "fleet-1")).count(), n);
      double seconds = (System.nanoTime() - start) / 1e9;
      List<RecordedRequest> creates = fleet.keyVault.primary().requests().stream()
          .filter(r -> r.operation() == VaultOperation.CREATE_KEY).toList();
      List<Instant> admitted = creates.stream().filter(r -> r.status() == 200).map(RecordedRequest::receivedAt).sorted().toList();
      long throttled = creates.stream().filter(r -> r.status() == 429).count();
      ServiceLimits limits = ServiceLimits.published();
      double limitPerSecond = limits.hsmKeyCreates() / (double) limits.window().toSeconds();
      report.section("Fleet rotation: " + n + " policies, HSM keys, one vault stand-in at the published limits");
      report.tableHeader();
      report.row("policies Ready before", ready + " of " + n, "adopted sqltde-initial");
      report.row("rotated (rotate-now to Ready)", rotated + " of " + n, String.format("%.1f s for all", seconds));
      report.row("failed rotations", n - rotated, "target 0; not Ready with the new key within " + bound.toSeconds() + " s");
      report.row("HSM key creates admitted by the vault", admitted.size(), "limit " + limits.hsmKeyCreates() + " per "
          + limits.window().toSeconds() + " s");
      if (admitted.size() <= limits.hsmKeyCreates()) {
        report.row("achieved create rate / vault limit", "n/a", "every create fits in the first window's burst; use more policies");
      } else {
        double span = Duration.between(admitted.get(0), admitted.get(admitted.size() - 1)).toMillis() / 1000.0;
        // n creates span n - 1 intervals; at exactly the limit, the first `limit` go at once, then one window per `limit`
        double rate = (admitted.size() - limits.hsmKeyCreates()) / span;
        report.row("achieved create rate / vault limit", BenchReport.ratio(rate / limitPerSecond),
            String.format("%.3f creates/s after the first window's burst over %.1f s; limit %.3f/s (target >= 0.9)",
                rate, span, limitPerSecond));
      }
      report.row("429 answers from the vault", throttled, "creates the vault refused for its limit");
    }
  }
}

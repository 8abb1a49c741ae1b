package io.keyrotation.operator.bench;

import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.VaultKeySpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code rotate-now} to Ready for one policy over {@code databases} databases on a two-replica
 * availability group, and the share of that time spent in each workflow step (the operator's
 * step-duration histogram, {@code keyrotation_workflow_step_duration}).
 */
final class RotationLatencyBench {
  private static final String STEP_DURATION = "keyrotation_workflow_step_duration";
  private final int databases;
  private final Duration bound;

  RotationLatencyBench(int databases, Duration bound) {
    this.databases = databases;
    this.bound = bound;
  }

  void run(BenchReport report) throws InterruptedException {
    try (BenchWorld fleet = new BenchWorld(2, databases, Clock.systemUTC(), Map.of())) {
      String name = "latency";
      fleet.create(fleet.policy(name, "lat", fleet.databases, VaultKeySpec.KeyType.RSA));
      Waits.until(bound, () -> IdleHourBench.ready(get(fleet, name)) ? 1 : 0, 1);
      MeterRegistry registry = fleet.harness.metrics().registry();
      Map<String, Double> before = stepSeconds(registry);
      long start = System.nanoTime();
      fleet.rotateNow(name, "bench-1");
      int done = Waits.until(bound, () -> rotated(get(fleet, name), "bench-1") ? 1 : 0, 1);
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Double> after = stepSeconds(registry);
      report.section("Rotation latency: rotate-now to Ready, " + databases + " databases on two availability group replicas");
      report.tableHeader();
      report.row("rotate-now to Ready", done == 1 ? String.format("%.2f s", seconds) : "not Ready after " + bound.toSeconds() + " s",
          "annotation set by the user's client until status shows the rotation done and Ready");
      double total = after.entrySet().stream().mapToDouble(e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0)).sum();
      for (var step : after.entrySet()) {
        double spent = step.getValue() - before.getOrDefault(step.getKey(), 0.0);
        if (spent > 0) {
          report.row("step " + step.getKey(), String.format("%.0f %%", 100 * spent / total),
              String.format("%.2f s of the %.2f s recorded in steps", spent, total));
        }
      }
    }
  }

  private static TdeKeyPolicy get(BenchWorld fleet, String name) {
    return fleet.user().resources(TdeKeyPolicy.class).inNamespace(BenchWorld.NS).withName(name).get();
  }

  static boolean rotated(TdeKeyPolicy policy, String trigger) {
    return policy != null && policy.getStatus() != null && trigger.equals(policy.getStatus().lastManualTrigger())
        && policy.getStatus().rotation() == null && IdleHourBench.ready(policy);
  }

  /** Seconds spent so far in each TdeKeyPolicy step. */
  private static Map<String, Double> stepSeconds(MeterRegistry registry) {
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (Timer timer : registry.find(STEP_DURATION).timers()) {
      if (!"tdekeypolicy".equalsIgnoreCase(timer.getId().getTag("kind"))) {
        continue;
      }
      seconds.merge(timer.getId().getTag("step"), timer.totalTime(TimeUnit.SECONDS), Double::sum);
    }
    return seconds;
  }
}

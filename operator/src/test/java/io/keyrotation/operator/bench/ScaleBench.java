package io.keyrotation.operator.bench;

import io.keyrotation.operator.api.tde.VaultKeySpec;
import io.keyrotation.operator.e2e.OperatorProcess;
import io.keyrotation.operator.testing.Scrape;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * A fleet of {@code n} resources (a third of each kind) already in the cluster when the operator starts (as after an
 * upgrade), the operator as its own process (so that its heap and CPU are its own, not the
 * stand-ins'), the stand-ins in this JVM. Start to every resource Ready, the CPU each side spent,
 * the operator's heap after a full GC, and reconcile latency when nothing is due (the safety net at
 * its one-minute minimum wakes every resource once more after all are Ready).
 */
final class ScaleBench {
  private static final String RECONCILE_TIMER = "operator_sdk_controllers_execution_reconcile_seconds";
  private final int n;
  private final Duration bound;

  ScaleBench(int n, Duration bound) {
    this.n = n;
    this.bound = bound;
  }

  void run(BenchReport report) throws Exception {
    // HTTP2_DISABLE (fabric8's http2.disable): over plain HTTP the operator's JDK client asks for an h2c upgrade, the
    // mock server's Vert.x grants it, and one 6 MB list answered over the upgraded connection arrived as a malformed
    // frame (a real API server speaks HTTP/2 over TLS only); the informer stopped and with it the whole run.
    DeployedJvm jvm = DeployedJvm.read();
    Map<String, String> settings = Map.of("KEYROTATION_MAX_RECONCILIATION_INTERVAL", "PT1M",
        "KEYROTATION_LEADER_ELECTION", "false", "POD_NAMESPACE", "keyrotation-system", "HTTP2_DISABLE", "true",
        "JAVA_TOOL_OPTIONS", jvm.asToolOptions());
    int third = n / 3;
    try (BenchWorld world = new BenchWorld(1, third, Clock.systemUTC(), settings, false, true)) {
      report.section("Scale: " + 3 * third + " resources, a third of each kind, the operator as its own process");
      report.text("The operator's JVM as deployed (deploy/deployment.yaml): JAVA_TOOL_OPTIONS=\"" + jvm.asToolOptions() + "\".");
      report.tableHeader();
      long createStart = System.nanoTime();
      world.createFleet("scale", VaultKeySpec.KeyType.RSA);
      report.row("created before the operator starts", 3 * third, String.format(
          "%.1f s wall time, 8 client threads (Kubernetes, Azure AD and Graph stand-ins)", (System.nanoTime() - createStart) / 1e9));
      Path dir = Files.createDirectories(Path.of("target", "bench"));
      Path kubeconfig = world.kubernetes().writeKubeconfig(dir.resolve("kubeconfig").toAbsolutePath());
      long vault = world.vaultRequests();
      long sql = world.sqlConnections();
      long graph = world.graphRequests();
      long standInCpu = ownCpuNanos();
      long start = System.nanoTime();
      try (OperatorProcess operator = OperatorProcess.start(kubeconfig, dir.resolve("scale-operator.log"), world.operatorEnvironment())) {
        int ready = Waits.until(bound, () -> IdleHourBench.readyOfEveryKind(world), 3 * third, pollEvery());
        double wall = (System.nanoTime() - start) / 1e9;
        double operatorCpu = operator.handle().info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
        double benchCpu = (ownCpuNanos() - standInCpu) / 1e9;
        report.row("Ready", ready + " of " + 3 * third, String.format("%.1f s from the operator's process start", wall));
        report.row("operator process CPU until then", String.format("%.1f s", operatorCpu), "its own JVM: start-up, informers, reconciles");
        report.row("stand-ins' CPU (this JVM) until then", String.format("%.1f s", benchCpu),
            "Kubernetes API mock, Key Vault, Azure AD, SQL Server stand-ins and this benchmark's polling");
        report.row("Key Vault requests per TdeKeyPolicy at start", BenchReport.ratio((world.vaultRequests() - vault) / (double) third),
            "first reconcile adopts the protector");
        report.row("SQL Server connections per TdeKeyPolicy at start", BenchReport.ratio((world.sqlConnections() - sql) / (double) third), "");
        report.row("Graph requests per ServicePrincipalRotation at start", BenchReport.ratio((world.graphRequests() - graph) / (double) third), "");
        if (ready < 3 * third) {
          report.text("The fleet did not become Ready within " + bound.toSeconds() + " s: "
              + world.policies().stream().filter(IdleHourBench.ready()).count() + " TdeKeyPolicies, "
              + world.readyOf("VaultBackupSchedule") + " VaultBackupSchedules, "
              + world.readyOf("ServicePrincipalRotation") + " ServicePrincipalRotations Ready of " + third + " each.");
        }
        Scrape before = scrape(operator);
        Thread.sleep(Duration.ofSeconds(75).toMillis());
        Scrape after = scrape(operator);
        ScrapedHistogram earlier = ScrapedHistogram.of(before, RECONCILE_TIMER, Map.of());
        ScrapedHistogram later = ScrapedHistogram.of(after, RECONCILE_TIMER, Map.of());
        report.row("reconciles with nothing due (75 s, safety net PT1M)", (long) later.countSince(earlier), "all three controllers");
        report.row("reconcile latency p50, nothing due", BenchReport.millis(1000 * later.quantileSince(earlier, 0.5)),
            "operator's /metrics, JOSDK timer, bucket bound");
        report.row("reconcile latency p99, nothing due", BenchReport.millis(1000 * later.quantileSince(earlier, 0.99)), "target < 10 ms");
        LiveHeap heap = LiveHeap.of(operator, dir.resolve("scale-histogram.txt"));
        if (Boolean.getBoolean("bench.scale.heapdump")) {
          LiveHeap.dump(operator, dir.resolve("scale.hprof"));
        }
        report.row("operator heap after full GC", String.format("%.1f MiB", heap.totalBytes() / (1024.0 * 1024)),
            "live objects: jcmd GC.class_histogram total (it runs a full GC first); target < 64 MiB");
        report.row("operator heap per resource", String.format("%.1f KiB", heap.totalBytes() / 1024.0 / (3 * third)),
            "the total divided by the fleet (includes the fixed part)");
        report.text("");
        report.text("Largest classes on the operator's heap (live objects; whole histogram in target/bench/scale-histogram.txt):");
        report.text("```");
        heap.largest(17).forEach(report::text);
        report.text("```");
      }
    }
  }

  /**
   * Each poll lists the whole fleet (every object, parsed on both sides): at 10,000 resources every 5 s would be a
   * cost to the stand-ins' JVM comparable to what it measures, so a larger fleet is polled less often.
   */
  private Duration pollEvery() {
    return Duration.ofSeconds(Math.max(5, n / 1000));
  }

  /**
   * The operator's /metrics; retried, as one scrape of an operator busy with 10,000 resources on a loaded machine
   * timed out (10 s) and lost the whole run's figures.
   */
  private static Scrape scrape(OperatorProcess operator) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return Scrape.parse(operator.metrics());
      } catch (RuntimeException e) {
        if (attempt == 6) {
          throw e;
        }
        System.err.printf("  /metrics: %s, again in 5 s%n", e.getMessage());
        Thread.sleep(5000);
      }
    }
  }

  private static long ownCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}

package io.keyrotation.operator.bench;

import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/**
 * Fleet-scale benchmarks, not tests ({@code make bench}): sizes from system properties so that a
 * developer can run them small ({@code -Dbench.idle=50}); results to operator/target/bench/results.md.
 */
public final class FleetBench {
  private FleetBench() {}

  public static void main(String[] args) throws Exception {
    quietLogging();
    BenchReport report = new BenchReport();
    String only = System.getProperty("bench.only", "");
    int idle = Integer.getInteger("bench.idle", 1000);
    if (only.isEmpty() || only.contains("idle")) {
      new IdleHourBench(idle, Duration.ofSeconds(Integer.getInteger("bench.idle.bound", 600))).run(report);
    }
    if (only.isEmpty() || only.contains("latency")) {
      new RotationLatencyBench(Integer.getInteger("bench.latency.databases", 10), Duration.ofMinutes(5)).run(report);
    }
    if (only.isEmpty() || only.contains("fleet")) {
      new FleetRotationBench(Integer.getInteger("bench.fleet", 200), Duration.ofMinutes(10)).run(report);
    }
    if (only.isEmpty() || only.contains("scale")) {
      new ScaleBench(Integer.getInteger("bench.scale", 10_000), Duration.ofMinutes(25)).run(report);
    }
    report.write(Path.of("target", "bench", "results.md"), "One run of each benchmark; figures are counts and ratios "
        + "measured in that run (see README, Benchmarks).");
    System.exit(0);
  }

  private static void quietLogging() {
    // The operator's WARNs (409 on a status write, retried) would drown the results; errors still show.
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.getLoggerList().stream().filter(l -> l.getLevel() != null)
          .forEach(l -> l.setLevel(ch.qos.logback.classic.Level.ERROR));
    }
  }
}

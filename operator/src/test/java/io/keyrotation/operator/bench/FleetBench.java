package io.keyrotation.operator.bench;

import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.LoggerFactory;

/**
 * Fleet-scale benchmarks, not tests ({@code make bench}): sizes and bounds from system properties so
 * that a developer can run them small ({@code -Dbench.idle=50}); results to
 * operator/target/bench/results.md, rewritten after each benchmark (also one that failed) so that a run cut
 * short by its wall-time bound or an error keeps what it measured.
 */
public final class FleetBench {
  private static final Path RESULTS = Path.of("target", "bench", "results.md");
  private static final String HEADER = "One run of each benchmark; every figure is a count or ratio measured in that run "
      + "(see README, Benchmarks). Machine load average at start: %s.";

  private FleetBench() {}

  public static void main(String[] args) throws Exception {
    quietLogging();
    BenchReport report = new BenchReport();
    String header = String.format(HEADER, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    String only = System.getProperty("bench.only", "idle,latency,fleet,scale");
    if (only.contains("idle")) {
      try {
        new IdleHourBench(Integer.getInteger("bench.idle", 1000), minutes("bench.idle.bound", 12)).run(report);
      } finally {
        report.write(RESULTS, header);
      }
    }
    if (only.contains("latency")) {
      try {
        new RotationLatencyBench(Integer.getInteger("bench.latency.databases", 10), minutes("bench.latency.bound", 5)).run(report);
      } finally {
        report.write(RESULTS, header);
      }
    }
    if (only.contains("fleet")) {
      try {
        new FleetRotationBench(Integer.getInteger("bench.fleet", 200), minutes("bench.fleet.bound", 10)).run(report);
      } finally {
        report.write(RESULTS, header);
      }
    }
    if (only.contains("scale")) {
      try {
        new ScaleBench(Integer.getInteger("bench.scale", 10_000), minutes("bench.scale.bound", 20)).run(report);
      } finally {
        report.write(RESULTS, header);
      }
    }
    System.exit(0);
  }

  private static Duration minutes(String property, int defaultMinutes) {
    return Duration.ofMinutes(Integer.getInteger(property, defaultMinutes));
  }

  private static void quietLogging() {
    // The operator's WARNs (409 on a status write, retried) would drown the results; errors still show.
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.getLoggerList().stream().filter(l -> l.getLevel() != null)
          .forEach(l -> l.setLevel(ch.qos.logback.classic.Level.ERROR));
    }
  }
}

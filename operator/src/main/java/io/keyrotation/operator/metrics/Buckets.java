package io.keyrotation.operator.metrics;

import java.time.Duration;

/** Histogram buckets: few and fixed, so that each label set costs a dozen series, not Micrometer's seventy. */
final class Buckets {
  static final Duration[] CALL_LATENCY = {
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30)};

  /** A step may wait for a SQL Server restart or a grace period: minutes to days. */
  static final Duration[] STEP_DURATION = {
      Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
      Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7)};

  private Buckets() {}
}

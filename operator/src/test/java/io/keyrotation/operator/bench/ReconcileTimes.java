package io.keyrotation.operator.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.concurrent.TimeUnit;

/**
 * JOSDK's reconcile timer of one controller (Micrometer {@code operator.sdk.controllers.execution.reconcile},
 * published with a percentile histogram), read as the difference between two snapshots so that a
 * percentile covers only the reconciles of a measured interval. Bucket bounds make a percentile an
 * upper bound at the histogram's resolution (about 10 %).
 */
final class ReconcileTimes {
  private static final String TIMER = "operator.sdk.controllers.execution.reconcile";

  private final long count;
  private final double totalMillis;
  private final CountAtBucket[] buckets;

  private ReconcileTimes(long count, double totalMillis, CountAtBucket[] buckets) {
    this.count = count;
    this.totalMillis = totalMillis;
    this.buckets = buckets;
  }

  static ReconcileTimes of(MeterRegistry registry, String controller) {
    Timer timer = registry.find(TIMER).tag("controller", controller).timer();
    if (timer == null) {
      return new ReconcileTimes(0, 0, new CountAtBucket[0]);
    }
    HistogramSnapshot snapshot = timer.takeSnapshot();
    return new ReconcileTimes(snapshot.count(), snapshot.total(TimeUnit.MILLISECONDS), snapshot.histogramCounts());
  }

  long count() {
    return count;
  }

  /** Reconciles since {@code earlier}. */
  long countSince(ReconcileTimes earlier) {
    return count - earlier.count;
  }

  double meanMillisSince(ReconcileTimes earlier) {
    long n = countSince(earlier);
    return n == 0 ? 0 : (totalMillis - earlier.totalMillis) / n;
  }

  /** The smallest bucket bound (ms) under which {@code quantile} of the reconciles since {@code earlier} completed. */
  double quantileMillisSince(ReconcileTimes earlier, double quantile) {
    long n = countSince(earlier);
    if (n == 0) {
      return Double.NaN;
    }
    double wanted = Math.ceil(quantile * n);
    for (int i = 0; i < buckets.length; i++) {
      double before = i < earlier.buckets.length ? earlier.buckets[i].count() : 0;
      if (buckets[i].count() - before >= wanted) {
        return buckets[i].bucket(TimeUnit.MILLISECONDS);
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}

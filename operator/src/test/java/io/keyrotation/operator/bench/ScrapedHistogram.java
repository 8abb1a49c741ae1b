package io.keyrotation.operator.bench;

import io.keyrotation.operator.testing.Scrape;
import java.util.Map;
import java.util.TreeMap;

/**
 * One Prometheus histogram as scraped from /metrics (cumulative {@code _bucket} counts by {@code le}),
 * differenced between two scrapes so that a quantile covers only the interval between them; a
 * quantile is the bound of the first bucket that holds it.
 */
final class ScrapedHistogram {
  private final TreeMap<Double, Double> cumulative = new TreeMap<>();

  private ScrapedHistogram() {}

  static ScrapedHistogram of(Scrape scrape, String name, Map<String, String> labels) {
    ScrapedHistogram histogram = new ScrapedHistogram();
    for (Scrape.Sample sample : scrape.named(name + "_bucket")) {
      if (sample.labels().entrySet().containsAll(labels.entrySet())) {
        String le = sample.labels().get("le");
        double bound = "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        histogram.cumulative.merge(bound, sample.value(), Double::sum);
      }
    }
    return histogram;
  }

  double count() {
    return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
  }

  double countSince(ScrapedHistogram earlier) {
    return count() - earlier.count();
  }

  /** In the histogram's unit (seconds for a timer). */
  double quantileSince(ScrapedHistogram earlier, double quantile) {
    double n = countSince(earlier);
    if (n <= 0) {
      return Double.NaN;
    }
    double wanted = Math.ceil(quantile * n);
    for (var bucket : cumulative.entrySet()) {
      if (bucket.getValue() - earlier.cumulative.getOrDefault(bucket.getKey(), 0.0) >= wanted) {
        return bucket.getKey();
      }
    }
    return Double.POSITIVE_INFINITY;
  }
}

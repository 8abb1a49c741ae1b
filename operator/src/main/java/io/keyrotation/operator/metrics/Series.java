package io.keyrotation.operator.metrics;

import java.util.Map;
import java.util.TreeMap;

/** One time series: a metric name and its labels (beyond namespace, name and kind). */
record Series(String name, Map<String, String> labels) {
  Series {
    labels = Map.copyOf(new TreeMap<>(labels));
  }

  static Series of(String name) {
    return new Series(name, Map.of());
  }

  static Series of(String name, String label, String value) {
    return new Series(name, Map.of(label, value));
  }
}

package io.keyrotation.operator.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The series each resource's status stands for ({@link StatusSeries}), kept as bare values per
 * resource and turned into Prometheus samples only when scraped. One collector serves every
 * resource: a Micrometer gauge per resource and series (meter id, tags, the Prometheus registry's
 * entry) cost a few KiB per resource, most of the operator's heap at fleet scale.
 */
final class ResourceSeriesCollector implements MultiCollector {
  /** What Micrometer wrote as HELP for a gauge without a description; kept so the output did not change. */
  private static final String HELP = " ";

  private record Key(String kind, String namespace, String name) {}

  /** One resource's series and their values, replaced whole on every status write. */
  private record Values(Series[] series, double[] values) {}

  private final Map<Key, Values> resources = new ConcurrentHashMap<>();
  /** Series come from a small vocabulary (names, condition types, steps): resources share one instance of each. */
  private final Map<Series, Series> vocabulary = new ConcurrentHashMap<>();

  void update(String kind, String namespace, String name, Map<Series, Double> current) {
    Series[] series = new Series[current.size()];
    double[] values = new double[current.size()];
    int i = 0;
    for (Map.Entry<Series, Double> entry : current.entrySet()) {
      series[i] = vocabulary.computeIfAbsent(entry.getKey(), s -> s);
      values[i] = entry.getValue();
      i++;
    }
    resources.put(key(kind, namespace, name), new Values(series, values));
  }

  void remove(String kind, String namespace, String name) {
    resources.remove(key(kind, namespace, name));
  }

  @Override
  public MetricSnapshots collect() {
    Map<String, List<GaugeDataPointSnapshot>> byName = new TreeMap<>();
    resources.forEach((key, resource) -> {
      for (int i = 0; i < resource.series().length; i++) {
        Series series = resource.series()[i];
        byName.computeIfAbsent(series.name(), n -> new ArrayList<>())
            .add(new GaugeDataPointSnapshot(resource.values()[i], labels(key, series), null));
      }
    });
    List<MetricSnapshot> snapshots = new ArrayList<>(byName.size());
    byName.forEach((name, points) -> snapshots.add(new GaugeSnapshot(new MetricMetadata(name, HELP), points)));
    return new MetricSnapshots(snapshots);
  }

  @Override
  public List<String> getPrometheusNames() {
    return StatusSeries.NAMES;
  }

  private static Labels labels(Key key, Series series) {
    Labels.Builder labels = Labels.builder().label("kind", key.kind()).label("namespace", key.namespace())
        .label("name", key.name());
    series.labels().forEach(labels::label);
    return labels.build();
  }

  private static Key key(String kind, String namespace, String name) {
    // Many resources share a namespace: one copy of its name.
    return new Key(kind, namespace == null ? "" : namespace.intern(), name);
  }
}

package io.keyrotation.operator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** The gauges of one resource: registered, updated and removed to match the series its status stands for. */
final class ResourceGauges {
  private final MeterRegistry registry;
  private final Tags identity;
  private final Map<Series, Registered> gauges = new HashMap<>();

  private record Registered(Gauge gauge, AtomicReference<Double> value) {}

  ResourceGauges(MeterRegistry registry, String kind, String namespace, String name) {
    this.registry = registry;
    this.identity = Tags.of("kind", kind, "namespace", namespace == null ? "" : namespace, "name", name);
  }

  synchronized void update(Map<Series, Double> desired) {
    gauges.entrySet().removeIf(entry -> {
      if (desired.containsKey(entry.getKey())) {
        return false;
      }
      registry.remove(entry.getValue().gauge());
      return true;
    });
    desired.forEach((series, value) -> {
      Registered existing = gauges.get(series);
      if (existing != null) {
        existing.value().set(value);
        return;
      }
      AtomicReference<Double> holder = new AtomicReference<>(value);
      Tags tags = identity;
      for (Map.Entry<String, String> label : series.labels().entrySet()) {
        tags = tags.and(label.getKey(), label.getValue());
      }
      Gauge gauge = Gauge.builder(series.name(), holder, AtomicReference::get).tags(tags).register(registry);
      gauges.put(series, new Registered(gauge, holder));
    });
  }

  synchronized void removeAll() {
    update(Map.of());
  }
}

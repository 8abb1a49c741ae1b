package io.keyrotation.operator.metrics;

import io.javaoperatorsdk.operator.api.monitoring.AggregatedMetrics;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.keyrotation.operator.status.StatusListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The operator's metrics, one per operator: a Prometheus registry holding JOSDK's reconciliation
 * metrics, the per-resource series derived from status, workflow failures and step durations, the
 * external calls the gateways record, and the JVM's own. Served as {@code /metrics} by the
 * {@link io.keyrotation.operator.HealthServer}.
 */
public final class OperatorMetrics implements AutoCloseable {
  /** Prometheus' text exposition format, version 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ResourceMetrics resources;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public OperatorMetrics(Clock clock) {
    ResourceSeriesCollector series = new ResourceSeriesCollector();
    registry.getPrometheusRegistry().register(series);
    resources = new ResourceMetrics(registry, series, clock);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
    ExternalCalls.join(registry);
  }

  /**
   * JOSDK's reconciliation metrics (per controller, not per resource: per-resource series come
   * from status), plus the hook that removes a deleted resource's series.
   */
  public Metrics josdkMetrics() {
    Metrics deletions = new Metrics() {
      @Override
      public void cleanupDoneFor(ResourceID id, Map<String, Object> metadata) {
        if (metadata.get(Constants.RESOURCE_GVK_KEY) instanceof GroupVersionKind gvk) {
          resources.forget(gvk.getKind(), id.getNamespace().orElse(null), id.getName());
        }
      }
    };
    return new AggregatedMetrics(List.of(MicrometerMetrics.withoutPerResourceMetrics(registry), deletions));
  }

  /** Give this to the {@link io.keyrotation.operator.status.StatusWriter}. */
  public StatusListener statusListener() {
    return resources;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The current values, in Prometheus' text format. */
  public String scrape() {
    return registry.scrape();
  }

  /** The current values, in Prometheus' text format, written as they are produced (no copy of the whole text). */
  public void scrape(java.io.OutputStream out) throws java.io.IOException {
    registry.scrape(out, CONTENT_TYPE);
  }

  @Override
  public void close() {
    ExternalCalls.leave(registry);
    gc.close();
    registry.close();
  }
}

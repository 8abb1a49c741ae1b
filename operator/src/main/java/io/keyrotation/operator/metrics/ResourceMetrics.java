package io.keyrotation.operator.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.keyrotation.operator.api.common.ResourceStatus;
import io.keyrotation.operator.status.StatusListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the metrics learn from status, in one place: the per-resource series, the failure
 * counter and the step-duration histogram. The {@link io.keyrotation.operator.status.StatusWriter}
 * calls it on every reconcile; the series go when the resource is deleted ({@link #forget}).
 *
 * <p>Step durations are measured from the status write that entered a step to the one that left it,
 * as seen by this process; a step this process did not see begin is not measured.
 */
final class ResourceMetrics implements StatusListener {
  static final String STEP_DURATION = "keyrotation_workflow_step_duration";
  private static final Logger LOG = LoggerFactory.getLogger(ResourceMetrics.class);

  private record Key(String kind, String namespace, String name) {}

  private record StepSeen(String step, Instant since, boolean sawItBegin) {}

  private final MeterRegistry registry;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();
  private final ResourceSeriesCollector series;
  private final Map<Key, StepSeen> steps = new ConcurrentHashMap<>();

  ResourceMetrics(MeterRegistry registry, ResourceSeriesCollector series, Clock clock) {
    this.registry = registry;
    this.series = series;
    this.clock = clock;
  }

  @Override
  public void statusWritten(HasMetadata resource, ResourceStatus previous, ResourceStatus current) {
    Key key = new Key(resource.getKind(), resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    try {
      JsonNode now = json.valueToTree(current);
      // Most reconciles change nothing: an equal status converts to an equal tree, so convert once.
      boolean changed = !Objects.equals(previous, current);
      JsonNode before = previous == null ? null : changed ? json.valueToTree(previous) : now;
      series.update(key.kind(), key.namespace(), key.name(), StatusSeries.of(key.kind(), now));
      if (changed) {
        WorkflowFailures.newFailure(before, now).ifPresent(reason -> Counter.builder(WorkflowFailures.FAILURES)
            .description("Workflow steps that failed, by kind and reason")
            .tags("kind", key.kind(), "reason", reason).register(registry).increment());
      }
      observeStep(key, step(before), step(now));
    } catch (RuntimeException e) {
      // Metrics never fail a reconcile.
      LOG.warn("metrics not updated for {} {}/{}: {}", key.kind(), key.namespace(), key.name(), e.toString());
    }
  }

  /** The resource is gone: its series go with it. */
  void forget(String kind, String namespace, String name) {
    series.remove(kind, namespace, name);
    steps.remove(new Key(kind, namespace, name));
  }

  private void observeStep(Key key, String before, String now) {
    StepSeen seen = steps.get(key);
    if (seen != null && seen.step().equals(now)) {
      return;
    }
    Instant at = clock.instant();
    if (seen != null && seen.sawItBegin()) {
      Timer.builder(STEP_DURATION).description("Time a workflow spent in each step, from entering it to leaving it")
          .tags("kind", key.kind(), "step", seen.step()).serviceLevelObjectives(Buckets.STEP_DURATION)
          .register(registry).record(Duration.between(seen.since(), at));
    }
    if (now.isEmpty()) {
      steps.remove(key);
    } else {
      steps.put(key, new StepSeen(now, at, !now.equals(before)));
    }
  }

  private static String step(JsonNode status) {
    if (status == null) {
      return "";
    }
    String step = status.path("rotation").path("step").asText("");
    if (step.isEmpty()) {
      step = status.path("activeRun").path("step").asText("");
    }
    return step.matches("[A-Za-z]{1,63}") ? step : "";
  }
}

package io.keyrotation.operator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;

/**
 * Counts and times every call to an external system. The gateways are built deep inside the
 * controllers' wiring, so they record here and each {@link OperatorMetrics} joins this composite
 * registry for as long as it is open; with none open, recording costs next to nothing.
 *
 * <p>Labels are closed sets: {@code system} (keyvault, sqlserver, graph, blob), {@code operation}
 * (a fixed verb per system, never a key, secret or database name) and {@code outcome} (success or a
 * {@link io.keyrotation.operator.status.FailureReason} name).
 */
public final class ExternalCalls {
  public static final String CALLS = "keyrotation_external_calls";
  public static final String LATENCY = "keyrotation_external_call_duration";
  public static final String THROTTLED = "keyrotation_external_throttled";
  public static final String RETRIES = "keyrotation_external_retries";
  public static final String SUCCESS = "success";

  private static final CompositeMeterRegistry REGISTRY = new CompositeMeterRegistry();

  private ExternalCalls() {}

  static void join(MeterRegistry registry) {
    REGISTRY.add(registry);
  }

  static void leave(MeterRegistry registry) {
    REGISTRY.remove(registry);
  }

  public static void record(String system, String operation, String outcome, Duration elapsed) {
    Counter.builder(CALLS).description("Calls to external systems, by system, operation and outcome")
        .tags("system", system, "operation", operation, "outcome", outcome).register(REGISTRY).increment();
    Timer.builder(LATENCY).description("Latency of calls to external systems (each HTTP attempt or SQL statement batch)")
        .tags("system", system, "operation", operation).serviceLevelObjectives(Buckets.CALL_LATENCY)
        .register(REGISTRY).record(elapsed);
  }

  /** The remote system answered 429 (or its equivalent). */
  public static void throttled(String system, String operation) {
    Counter.builder(THROTTLED).description("Calls refused by the remote system as too many (HTTP 429)")
        .tags("system", system, "operation", operation).register(REGISTRY).increment();
  }

  /** A call is being sent again after a failed attempt. */
  public static void retried(String system, String operation) {
    Counter.builder(RETRIES).description("Attempts of a call after the first (client retries)")
        .tags("system", system, "operation", operation).register(REGISTRY).increment();
  }
}

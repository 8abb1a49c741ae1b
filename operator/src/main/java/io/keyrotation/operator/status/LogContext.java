package io.keyrotation.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * What a log line is about, in the logging MDC (a JSON log line carries it under {@code mdc}). The resource keys are
 * the ones JOSDK already sets around each reconcile, so a log pipeline sees one set of names; {@code step},
 * {@code reason} and the {@code call.*} keys (the trace of an external call, see {@link ExternalCall}) are ours. Each scope restores what was there before, so nothing leaks into the next reconcile that
 * runs on the same thread:
 *
 * <pre>{@code try (var log = LogContext.step("ReEncryptDatabases")) { ... } }</pre>
 */
public final class LogContext implements AutoCloseable {
  public static final String KIND = "resource.kind";
  public static final String NAMESPACE = "resource.namespace";
  public static final String NAME = "resource.name";
  public static final String STEP = "step";
  public static final String REASON = "reason";
  public static final String CALL_SYSTEM = "call.system";
  public static final String CALL_OPERATION = "call.operation";
  public static final String CALL_OUTCOME = "call.outcome";
  public static final String CALL_REQUEST_ID = "call.requestId";
  public static final String CALL_CLIENT_REQUEST_ID = "call.clientRequestId";

  private final Map<String, String> previous = new LinkedHashMap<>();

  private LogContext(Map<String, String> values) {
    values.forEach((key, value) -> {
      previous.put(key, MDC.get(key));
      MDC.put(key, value);
    });
  }

  public static LogContext resource(HasMetadata resource) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(KIND, resource.getKind());
    values.put(NAMESPACE, resource.getMetadata().getNamespace());
    values.put(NAME, resource.getMetadata().getName());
    values.values().removeIf(v -> v == null);
    return new LogContext(values);
  }

  /** The workflow step being run (a step enum's name). */
  public static LogContext step(String step) {
    return new LogContext(Map.of(STEP, step));
  }

  /** The reason of a failure or transition: a {@link FailureReason} or a {@link Reasons} value. */
  public static LogContext reason(String reason) {
    return new LogContext(Map.of(REASON, reason));
  }

  /** An external call the line is about (nothing when {@code call} is null); absent ids are left out. */
  public static LogContext call(ExternalCall call) {
    Map<String, String> values = new LinkedHashMap<>();
    if (call != null) {
      values.put(CALL_SYSTEM, call.system());
      values.put(CALL_OPERATION, call.operation());
      values.put(CALL_OUTCOME, call.outcome());
      values.put(CALL_REQUEST_ID, call.requestId());
      values.put(CALL_CLIENT_REQUEST_ID, call.clientRequestId());
      values.values().removeIf(v -> v == null);
    }
    return new LogContext(values);
  }

  @Override
  public void close() {
    previous.forEach((key, value) -> {
      if (value == null) {
        MDC.remove(key);
      } else {
        MDC.put(key, value);
      }
    });
  }
}

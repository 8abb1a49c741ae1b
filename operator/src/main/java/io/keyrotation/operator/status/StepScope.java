package io.keyrotation.operator.status;

import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one workflow step with its name in the log context, and ends it with one log line that names the external
 * call a user would hand to Microsoft support: the failed one if any, else the last one, with its request id. A
 * {@link GatewayException} leaving the step (or wrapped in what leaves it) is logged with its reason, gets that call
 * attached (so whoever reports it further can name it) and is rethrown; any other exception is left to
 * {@link ReconcileErrors}. Used once per
 * controller, where the step is dispatched:
 *
 * <pre>{@code return StepScope.run(step.name(), () -> switch (step) { ... });}</pre>
 */
public final class StepScope {
  private static final Logger LOG = LoggerFactory.getLogger(StepScope.class);

  private StepScope() {}

  public static <T> T run(String step, Supplier<T> body) {
    ExternalCallTrace.clear();
    try (LogContext about = LogContext.step(step)) {
      T result;
      try {
        result = body.get();
      } catch (RuntimeException e) {
        gatewayFailure(e).ifPresent(gateway -> failed(step, gateway));
        throw e;
      }
      done(step);
      return result;
    } finally {
      ExternalCallTrace.clear();
    }
  }

  /** The failure itself or the one it wraps (a workflow may wrap a gateway's failure in its own exception). */
  private static Optional<GatewayException> gatewayFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof GatewayException gateway) {
        return Optional.of(gateway);
      }
    }
    return Optional.empty();
  }

  private static void failed(String step, GatewayException e) {
    // Only a call whose answer means the same reason: an Unauthenticated from signing in (azure-identity's own
    // pipeline, not traced) must not be blamed on an earlier, expected 404 of the same step.
    ExternalCallTrace.lastFailed().filter(call -> call.outcome().equals(e.reason().name())).ifPresent(e::withCall);
    ExternalCall call = e.call().orElse(null);
    try (LogContext why = LogContext.reason(e.reason().name()); LogContext trace = LogContext.call(call)) {
      LOG.warn("Step {} failed ({}): {}{}", step, e.reason(), e.getMessage(),
          call == null ? "" : " Failed call: " + call + ".");
    }
  }

  private static void done(String step) {
    int count = ExternalCallTrace.count();
    ExternalCall last = ExternalCallTrace.last().orElse(null);
    ExternalCall failed = ExternalCallTrace.lastFailed().orElse(null);
    // A failed call inside a step that went on is often expected (a 404 from "does the new key exist yet?") or
    // reported by the step itself (a backup run's per-key problems); it is named, as the call to trace, not as the
    // step's failure.
    try (LogContext trace = LogContext.call(failed != null ? failed : last)) {
      LOG.info("Step {} ran {} external call(s){}{}", step, count, last == null ? "." : "; the last: " + last + ".",
          failed == null || failed == last ? "" : " A call answered " + failed.outcome() + ": " + failed + ".");
    }
  }
}

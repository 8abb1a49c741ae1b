package io.keyrotation.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.keyrotation.operator.api.common.ResourceStatus;
import io.keyrotation.operator.validation.SpecProblem;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every reconciler does when something throws: the failure ends as a condition on the resource, never
 * as a silent retry loop. The Kubernetes API refusing the operator itself (401, 403: a token not accepted, a verb
 * its RBAC lacks) gets {@value KubernetesApiRefusal#FORBIDDEN} or {@value KubernetesApiRefusal#UNAUTHENTICATED},
 * naming the verb and the resource, and is tried again after growing {@link RetryDelays}, since no change of the
 * resource follows an RBAC fix; when the refused call is the status write itself, the Warning Event is the only
 * signal. A spec the operator cannot work with (including one a gateway refuses as
 * {@link FailureReason#InvalidSpec}) gets {@code InvalidSpec} and no retry: only a spec change can fix it,
 * and a spec change triggers a reconcile by itself. An external failure keeps its classified reason, and
 * JOSDK's bounded retry applies when retrying can help. Anything else is the operator's own fault:
 * {@value #INTERNAL_ERROR}, naming the exception's class and where it was thrown (never its message, which
 * nobody vetted for secrets), and no retry.
 */
public final class ReconcileErrors {
  public static final String INTERNAL_ERROR = "InternalError";
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileErrors.class);

  private final StatusWriter statusWriter;
  private final RefusalBackoff refusals;

  /** @param backoff the delays between tries after the Kubernetes API refused the operator */
  public ReconcileErrors(StatusWriter statusWriter, RetryDelays backoff) {
    this.statusWriter = statusWriter;
    this.refusals = new RefusalBackoff(backoff);
  }

  /** Runs a validator; if it throws, the failure is reported as the operator's, while validating. */
  public static List<SpecProblem> validate(Supplier<List<SpecProblem>> validator) {
    try {
      return validator.get();
    } catch (RuntimeException e) {
      throw new ValidationFailedException(e);
    }
  }

  /**
   * For {@code Reconciler.updateErrorStatus}: sets the conditions for {@code failure} and builds the status
   * to patch.
   */
  public <S extends ResourceStatus, R extends CustomResource<?, S>> ErrorStatusUpdateControl<R> toStatus(
      R resource, Exception failure, ConditionSet conditions, Supplier<S> status) {
    Optional<KubernetesApiRefusal> refusal = KubernetesApiRefusal.in(failure);
    if (refusal.isPresent()) {
      return refused(resource, refusal.get(), conditions, status);
    }
    if (isKubernetesApiFailure(failure)) {
      // A conflict on the status write (another writer, a stale cache) or an unavailable API server is
      // nobody's bug and no condition can be written through it: JOSDK retries with its backoff.
      LOG.warn("{} {}/{}: Kubernetes API call failed ({}); retrying", resource.getKind(),
          resource.getMetadata().getNamespace(), resource.getMetadata().getName(), apiFailureCode(failure));
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    boolean retry = false;
    if (failure instanceof GatewayException gateway) {
      logGatewayFailure(resource, gateway);
    }
    if (failure instanceof GatewayException gateway && gateway.reason() == FailureReason.InvalidSpec) {
      // Not SpecConditions.invalidSpec: a gateway refuses after the workflow may have made calls.
      String reason = FailureReason.InvalidSpec.name();
      conditions.set(ConditionSet.READY, ConditionSet.Status.False, reason, "Fix the spec: " + gateway.getMessage())
          .set(ConditionSet.PROGRESSING, ConditionSet.Status.False, reason, "Nothing runs until the spec is fixed.")
          .set(ConditionSet.DEGRADED, ConditionSet.Status.False, reason,
              "Refused before the step's call; nothing more is attempted until the spec changes.");
    } else if (failure instanceof GatewayException gateway) {
      conditions.set(ConditionSet.READY, ConditionSet.Status.False, gateway.reason().name(), gateway.getMessage())
          .set(ConditionSet.DEGRADED, ConditionSet.Status.True, gateway.reason().name(), gateway.getMessage());
      retry = gateway.retryable();
    } else {
      try (LogContext why = LogContext.reason(INTERNAL_ERROR)) {
        LOG.error("{} {}/{}: unexpected failure", resource.getKind(), resource.getMetadata().getNamespace(),
            resource.getMetadata().getName(), withoutMessages(failure));
      }
      String message = internalErrorMessage(failure);
      conditions.set(ConditionSet.READY, ConditionSet.Status.False, INTERNAL_ERROR, message)
          .set(ConditionSet.PROGRESSING, ConditionSet.Status.False, INTERNAL_ERROR, "Nothing runs until the operator is fixed or the spec changes.")
          .set(ConditionSet.DEGRADED, ConditionSet.Status.True, INTERNAL_ERROR, message);
    }
    ErrorStatusUpdateControl<R> control = statusWriter.writeError(resource, status.get());
    return retry ? control : control.withNoRetry();
  }

  private <S extends ResourceStatus, R extends CustomResource<?, S>> ErrorStatusUpdateControl<R> refused(
      R resource, KubernetesApiRefusal refusal, ConditionSet conditions, Supplier<S> status) {
    Duration again = refusals.next(resource);
    try (LogContext why = LogContext.reason(refusal.reason())) {
      LOG.warn("{} {}/{}: {} Next attempt in {} s.", resource.getKind(), resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(), refusal.message(), again.toSeconds());
    }
    conditions.set(ConditionSet.READY, ConditionSet.Status.False, refusal.reason(), refusal.message())
        .set(ConditionSet.DEGRADED, ConditionSet.Status.True, refusal.reason(), refusal.message());
    // JOSDK's own retries give up after a few attempts; this one keeps going, further apart each time.
    return statusWriter.writeError(resource, status.get()).withNoRetry().rescheduleAfter(again);
  }

  /** A failure that left the reconcile outside a step (a step logs its own), with its reason and failed call. */
  private static void logGatewayFailure(HasMetadata resource, GatewayException gateway) {
    try (LogContext why = LogContext.reason(gateway.reason().name());
         LogContext trace = LogContext.call(gateway.call().orElse(null))) {
      LOG.warn("{} {}/{}: {}: {}{}", resource.getKind(), resource.getMetadata().getNamespace(),
          resource.getMetadata().getName(), gateway.reason(), gateway.getMessage(),
          gateway.call().map(call -> " Failed call: " + call + ".").orElse(""));
    }
  }

  private static boolean isKubernetesApiFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException) {
        return true;
      }
    }
    return false;
  }

  private static String apiFailureCode(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k) {
        return k.getCode() == 0 ? "no response" : "HTTP " + k.getCode();
      }
    }
    return "unknown";
  }

  /**
   * The failure's classes and stack traces, for the log, without any message: nobody vetted those for secrets (a
   * driver's or parser's message may quote what it was given).
   */
  static Throwable withoutMessages(Throwable failure) {
    Throwable copy = new UnvettedFailure(failure.getClass().getName(),
        failure.getCause() == null || failure.getCause() == failure ? null : withoutMessages(failure.getCause()));
    copy.setStackTrace(failure.getStackTrace());
    return copy;
  }

  /** Stands for an exception in the log: its class name only, as the message. */
  static final class UnvettedFailure extends RuntimeException {
    UnvettedFailure(String className, Throwable cause) {
      super(className + " (message not logged)", cause);
    }
  }

  static String internalErrorMessage(Exception failure) {
    Throwable cause = failure instanceof ValidationFailedException ? failure.getCause() : failure;
    String stage = failure instanceof ValidationFailedException ? "while validating the spec" : "while reconciling";
    StackTraceElement[] trace = cause.getStackTrace();
    String where = trace.length == 0 ? "" : " at " + trace[0].getClassName() + "." + trace[0].getMethodName()
        + (trace[0].getLineNumber() > 0 ? ":" + trace[0].getLineNumber() : "");
    return "The operator failed " + stage + " with " + cause.getClass().getName() + where
        + ". This is a bug in the operator, not in the spec: report it with the operator's log. Nothing is retried "
        + "until the resource changes.";
  }

  /** A validator threw instead of reporting problems: the operator's bug, raised by this spec. */
  static final class ValidationFailedException extends RuntimeException {
    ValidationFailedException(RuntimeException cause) {
      super("validator failed", cause);
    }
  }
}

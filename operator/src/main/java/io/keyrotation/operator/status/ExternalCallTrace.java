package io.keyrotation.operator.status;

import java.util.Optional;

/**
 * The external calls made on this thread since the running step began: the last one, and the last that failed, so
 * the step's log line can name them. The gateways record here from the thread that makes the call: the Azure SDK's
 * synchronous clients (KeyClient, BlobClient without a timeout, our Graph gateway's {@code HttpPipeline.sendSync})
 * run every pipeline policy on the caller's thread (azure-core's synchronous stack: {@code processSync}), and the
 * SQL Server gateway is plain JDBC. A call made on another thread is simply not traced; it is never attributed to
 * the wrong step, since {@link StepScope} clears the trace when a step begins and ends.
 */
public final class ExternalCallTrace {
  private static final ThreadLocal<Calls> CALLS = ThreadLocal.withInitial(Calls::new);

  private ExternalCallTrace() {}

  public static void record(ExternalCall call) {
    Calls calls = CALLS.get();
    calls.count++;
    calls.last = call;
    if (!call.succeeded()) {
      calls.lastFailed = call;
    }
  }

  public static Optional<ExternalCall> last() {
    return Optional.ofNullable(CALLS.get().last);
  }

  public static Optional<ExternalCall> lastFailed() {
    return Optional.ofNullable(CALLS.get().lastFailed);
  }

  public static int count() {
    return CALLS.get().count;
  }

  static void clear() {
    CALLS.remove();
  }

  private static final class Calls {
    int count;
    ExternalCall last;
    ExternalCall lastFailed;
  }
}

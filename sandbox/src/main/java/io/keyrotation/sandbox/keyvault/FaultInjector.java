package io.keyrotation.sandbox.keyvault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Faults a test switches on: a status forced on every request, the next N requests of an
 * operation failing with a status, added latency, and failures that strike after the vault has
 * done the work (the request succeeded, the client cannot tell). Faults apply to authenticated
 * requests, after the bearer challenge, so a client still signs in normally.
 */
public final class FaultInjector {
  private record PendingFailure(VaultOperation operation, int status, int[] remaining) {}

  /**
   * What goes wrong after the vault has served a request: the answer becomes a {@code 503}, the
   * connection is dropped without an answer, or the answer comes only after {@code delay}.
   */
  public record AfterServing(Kind kind, Duration delay) {
    public enum Kind { ANSWER_503, DROP_CONNECTION, ANSWER_LATE }
  }

  private record PendingAfterServing(VaultOperation operation, AfterServing effect) {}

  private final List<PendingFailure> pending = new ArrayList<>();
  private final List<PendingAfterServing> afterServing = new ArrayList<>();
  private volatile Integer forcedStatus;
  private volatile Duration latency = Duration.ZERO;

  /** Every request answers {@code status} until {@link #clear()}. */
  public void forceStatus(int status) {
    this.forcedStatus = status;
  }

  /** The next {@code count} requests of {@code operation} (any operation when null) answer {@code status}. */
  public synchronized void failNext(VaultOperation operation, int count, int status) {
    pending.add(new PendingFailure(operation, status, new int[] {count}));
  }

  /** The next {@code operation} is served, then answered with 503 (a gateway or front end failing late). */
  public synchronized void answer503AfterServing(VaultOperation operation) {
    afterServing.add(new PendingAfterServing(operation, new AfterServing(AfterServing.Kind.ANSWER_503, Duration.ZERO)));
  }

  /** The next {@code operation} is served, then its connection is closed without an answer. */
  public synchronized void dropConnectionAfterServing(VaultOperation operation) {
    afterServing.add(new PendingAfterServing(operation, new AfterServing(AfterServing.Kind.DROP_CONNECTION, Duration.ZERO)));
  }

  /** The next {@code operation} is served at once but answered only after {@code delay} (past a client's timeout). */
  public synchronized void answerLateAfterServing(VaultOperation operation, Duration delay) {
    afterServing.add(new PendingAfterServing(operation, new AfterServing(AfterServing.Kind.ANSWER_LATE, delay)));
  }

  /** Every request waits this long before it is served. */
  public void latency(Duration latency) {
    this.latency = latency;
  }

  public synchronized void clear() {
    pending.clear();
    afterServing.clear();
    forcedStatus = null;
    latency = Duration.ZERO;
  }

  Duration latency() {
    return latency;
  }

  synchronized Optional<Integer> failureFor(VaultOperation operation) {
    if (forcedStatus != null) {
      return Optional.of(forcedStatus);
    }
    Iterator<PendingFailure> it = pending.iterator();
    while (it.hasNext()) {
      PendingFailure failure = it.next();
      if (failure.operation() == null || failure.operation() == operation) {
        if (--failure.remaining()[0] <= 0) {
          it.remove();
        }
        return Optional.of(failure.status());
      }
    }
    return Optional.empty();
  }

  synchronized Optional<AfterServing> afterServing(VaultOperation operation) {
    Iterator<PendingAfterServing> it = afterServing.iterator();
    while (it.hasNext()) {
      PendingAfterServing next = it.next();
      if (next.operation() == operation) {
        it.remove();
        return Optional.of(next.effect());
      }
    }
    return Optional.empty();
  }
}

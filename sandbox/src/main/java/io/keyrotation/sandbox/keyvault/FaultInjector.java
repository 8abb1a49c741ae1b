package io.keyrotation.sandbox.keyvault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Faults a test switches on: a status forced on every request, the next N requests of an
 * operation failing with a status, added latency. Faults apply to authenticated requests, after
 * the bearer challenge, so a client still signs in normally.
 */
public final class FaultInjector {
  private record PendingFailure(VaultOperation operation, int status, int[] remaining) {}

  private final List<PendingFailure> pending = new ArrayList<>();
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

  /** Every request waits this long before it is served. */
  public void latency(Duration latency) {
    this.latency = latency;
  }

  public synchronized void clear() {
    pending.clear();
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
}

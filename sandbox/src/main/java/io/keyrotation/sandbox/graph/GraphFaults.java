package io.keyrotation.sandbox.graph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Faults a test switches on for the Graph stand-in: the next N requests of an operation answer a
 * status (429 and 503 with {@code Retry-After}), a status forced on every request, added latency
 * (past a client's timeout), and an {@code addPassword} that is carried out but whose answer is
 * lost (the connection drops): the caller cannot know the secret text Graph generated.
 */
public final class GraphFaults {
  /** An injected answer: HTTP status and the {@code Retry-After} seconds to send (null for none). */
  public record Failure(int status, Integer retryAfterSeconds) {}

  private record Pending(GraphOperation operation, Failure failure, int[] remaining) {}

  private final List<Pending> pending = new ArrayList<>();
  private volatile Failure forced;
  private volatile Duration latency = Duration.ZERO;
  private volatile boolean dropNextAddPasswordAnswer;

  /** The next {@code count} requests of {@code operation} (any when null) answer {@code status}. */
  public synchronized void failNext(GraphOperation operation, int count, int status, Integer retryAfterSeconds) {
    pending.add(new Pending(operation, new Failure(status, retryAfterSeconds), new int[] {count}));
  }

  /** Every request answers {@code status} until {@link #clear()}. */
  public void forceStatus(int status, Integer retryAfterSeconds) {
    forced = new Failure(status, retryAfterSeconds);
  }

  public void latency(Duration latency) {
    this.latency = latency;
  }

  /** The next {@code addPassword} adds the credential, then closes the connection without answering. */
  public void dropNextAddPasswordAnswer() {
    dropNextAddPasswordAnswer = true;
  }

  public synchronized void clear() {
    pending.clear();
    forced = null;
    latency = Duration.ZERO;
    dropNextAddPasswordAnswer = false;
  }

  Duration latency() {
    return latency;
  }

  synchronized boolean takeDropAddPasswordAnswer() {
    boolean drop = dropNextAddPasswordAnswer;
    dropNextAddPasswordAnswer = false;
    return drop;
  }

  synchronized Optional<Failure> failureFor(GraphOperation operation) {
    if (forced != null) {
      return Optional.of(forced);
    }
    Iterator<Pending> it = pending.iterator();
    while (it.hasNext()) {
      Pending next = it.next();
      if (next.operation() == null || next.operation() == operation) {
        if (--next.remaining()[0] <= 0) {
          it.remove();
        }
        return Optional.of(next.failure());
      }
    }
    return Optional.empty();
  }
}

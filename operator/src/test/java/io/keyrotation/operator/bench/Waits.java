package io.keyrotation.operator.bench;

import java.time.Duration;
import java.util.function.IntSupplier;

/** Polling with a wall-time bound: a benchmark reports how far it got instead of hanging. */
final class Waits {
  private Waits() {}

  /** Polls {@code progress} every 500 ms until it reaches {@code target} or {@code bound} passes; the last value. */
  static int until(Duration bound, IntSupplier progress, int target) throws InterruptedException {
    return until(bound, progress, target, Duration.ofMillis(500));
  }

  /** As above, polling every {@code every} (listing a large fleet is itself a cost to the Kubernetes stand-in). */
  static int until(Duration bound, IntSupplier progress, int target, Duration every) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    int value = progress.getAsInt();
    while (value < target && System.nanoTime() < deadline) {
      Thread.sleep(every.toMillis());
      value = progress.getAsInt();
    }
    return value;
  }
}

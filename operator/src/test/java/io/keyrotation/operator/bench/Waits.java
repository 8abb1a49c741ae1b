package io.keyrotation.operator.bench;

import java.time.Duration;
import java.util.function.IntSupplier;

/** Polling with a wall-time bound: a benchmark reports how far it got instead of hanging. */
final class Waits {
  private static final Duration PROGRESS = Duration.ofSeconds(30);

  private Waits() {}

  /** Polls {@code progress} every 500 ms until it reaches {@code target} or {@code bound} passes; the last value. */
  static int until(Duration bound, IntSupplier progress, int target) throws InterruptedException {
    return until(bound, progress, target, Duration.ofMillis(500));
  }

  /** As above, polling every {@code every} (listing a large fleet is itself a cost to the Kubernetes stand-in). */
  static int until(Duration bound, IntSupplier progress, int target, Duration every) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    int value = progress.getAsInt();
    long reported = System.nanoTime();
    while (value < target && System.nanoTime() < deadline) {
      Thread.sleep(every.toMillis());
      value = progress.getAsInt();
      if (System.nanoTime() - reported > PROGRESS.toNanos()) {
        System.err.printf("  ... %d of %d%n", value, target);
        reported = System.nanoTime();
      }
    }
    return value;
  }
}

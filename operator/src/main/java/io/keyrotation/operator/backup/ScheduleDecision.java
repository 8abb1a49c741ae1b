package io.keyrotation.operator.backup;

import java.time.Instant;
import java.util.Optional;

/**
 * What the schedule says now. {@code missed}: schedule times that passed without a run (the starting
 * deadline ran out, or an older one was superseded by a newer one, as a CronJob starts only the most
 * recent); {@code lastMissed} the latest of them, so that they are counted once. {@code next}: the next
 * schedule time, empty while suspended or when the expression never fires again.
 */
public record ScheduleDecision(Action action, Optional<Instant> scheduledTime, Optional<String> manualTrigger,
                               int missed, Optional<Instant> lastMissed, Optional<Instant> next) {

  public enum Action {
    /** A run is in progress: continue it (Forbid: nothing new starts meanwhile). */
    ContinueRun,
    /** Start the run scheduled at {@code scheduledTime}. */
    StartScheduled,
    /** Start a run for the {@code keyrotation.io/backup-now} value in {@code manualTrigger}. */
    StartManual,
    /** Nothing to start; wake at {@code next}. */
    Wait
  }

  /** When the controller must look again: the next schedule time, or at once when a run is to start or continue. */
  public Optional<Instant> wakeAt(Instant now) {
    return action == Action.Wait ? next : Optional.of(now);
  }
}

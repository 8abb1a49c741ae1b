package io.keyrotation.operator.backup;

import io.keyrotation.operator.backup.ScheduleDecision.Action;
import io.keyrotation.operator.schedule.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a VaultBackupSchedule runs, as a Kubernetes CronJob decides it (CronJob controller v2,
 * "CronJob" concept page on kubernetes.io): the schedule times after the later of the last
 * scheduled (or missed) time and the creation time are looked at; only the most recent may start,
 * and only within {@code startingDeadlineSeconds} of it, else it is missed; {@code suspend} starts
 * nothing; {@code Forbid} starts nothing while a run is active. A new value of the
 * {@code keyrotation.io/backup-now} annotation starts a run even while suspended (an explicit request,
 * like {@code kubectl create job --from=cronjob/...}), but never beside an active run. Pure.
 */
public final class BackupSchedulePlanner {
  /** The CronJob controller gives up counting after 100 missed start times; so do we. */
  static final int MAX_COUNTED_MISSES = 100;

  public record Input(String schedule, String timeZone, boolean suspend, Long startingDeadlineSeconds, boolean runActive,
                      Optional<Instant> lastScheduleTime, Optional<Instant> lastMissedTime, Instant createdAt,
                      Optional<String> backupNow, Optional<String> lastManualTrigger, Instant now) {}

  public ScheduleDecision decide(Input in) {
    CronSchedule cron = CronSchedule.parse(in.schedule(), in.timeZone());
    Optional<Instant> next = in.suspend() ? Optional.empty() : cron.nextAfter(in.now());
    if (in.runActive()) {
      return new ScheduleDecision(Action.ContinueRun, Optional.empty(), Optional.empty(), 0, Optional.empty(), next);
    }
    Optional<String> trigger = in.backupNow().filter(v -> !v.isBlank() && !in.lastManualTrigger().equals(Optional.of(v)));
    if (trigger.isPresent()) {
      return new ScheduleDecision(Action.StartManual, Optional.empty(), trigger, 0, Optional.empty(), next);
    }
    if (in.suspend()) {
      return new ScheduleDecision(Action.Wait, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty());
    }
    Instant earliest = latest(in.createdAt(), in.lastScheduleTime(), in.lastMissedTime());
    // Between runs (nearly every reconcile) no schedule time has come since the last one: one step forward says so,
    // without walking back from now (the last firing of a yearly schedule is a long walk for cron-utils).
    if (cron.nextAfter(earliest).filter(t -> !t.isAfter(in.now())).isEmpty()) {
      return new ScheduleDecision(Action.Wait, Optional.empty(), Optional.empty(), 0, Optional.empty(), next);
    }
    Optional<Instant> mostRecent = mostRecentAtOrBefore(cron, in.now()).filter(t -> t.isAfter(earliest));
    if (mostRecent.isEmpty()) {
      return new ScheduleDecision(Action.Wait, Optional.empty(), Optional.empty(), 0, Optional.empty(), next);
    }
    int due = Math.max(1, countBetween(cron, earliest, mostRecent.get()));
    boolean tooLate = in.startingDeadlineSeconds() != null
        && in.now().isAfter(mostRecent.get().plus(Duration.ofSeconds(in.startingDeadlineSeconds())));
    if (tooLate) {
      return new ScheduleDecision(Action.Wait, Optional.empty(), Optional.empty(), due, mostRecent, next);
    }
    Optional<Instant> supersededUpTo = due > 1 ? mostRecentAtOrBefore(cron, mostRecent.get().minusSeconds(1)) : Optional.empty();
    return new ScheduleDecision(Action.StartScheduled, mostRecent, Optional.empty(), due - 1, supersededUpTo, next);
  }

  /**
   * The latest schedule time at or before {@code t}, where a wall-clock time repeated when clocks fall
   * back counts once, at its first occurrence (cron-utils' "next" already skips the repeat; its "last"
   * does not). A time inside a spring-forward gap does not exist and is not run that day.
   */
  private static Optional<Instant> mostRecentAtOrBefore(CronSchedule cron, Instant t) {
    Optional<Instant> candidate = cron.lastAtOrBefore(t);
    while (candidate.isPresent()) {
      Optional<Instant> previous = cron.lastAtOrBefore(candidate.get().minusSeconds(1));
      if (previous.isEmpty() || cron.nextAfter(previous.get()).equals(candidate)) {
        return candidate;
      }
      candidate = previous;
    }
    return candidate;
  }

  /** Schedule times in (after, upTo], counted up to {@link #MAX_COUNTED_MISSES} + 1. */
  private static int countBetween(CronSchedule cron, Instant after, Instant upTo) {
    int count = 0;
    Optional<Instant> t = cron.nextAfter(after);
    while (t.isPresent() && !t.get().isAfter(upTo) && count <= MAX_COUNTED_MISSES) {
      count++;
      t = cron.nextAfter(t.get());
    }
    return count;
  }

  private static Instant latest(Instant createdAt, Optional<Instant> a, Optional<Instant> b) {
    Instant result = createdAt;
    if (a.isPresent() && a.get().isAfter(result)) {
      result = a.get();
    }
    if (b.isPresent() && b.get().isAfter(result)) {
      result = b.get();
    }
    return result;
  }
}

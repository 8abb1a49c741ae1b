package io.keyrotation.operator.backup;

import io.keyrotation.operator.schedule.CronSchedule;
import io.keyrotation.operator.schedule.IsoDuration;
import io.keyrotation.operator.validation.SpecProblems;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A retention {@code maxAge} shorter than the longest time between two scheduled backups removes every backup
 * but the newest before the next one is taken: a key would never have an older backup to fall back on, and
 * {@code keepLast} would mean nothing. That is refused. A {@code maxAge} shorter than the period times
 * {@code keepLast} is not: it is a legitimate way to cap the age of what is kept.
 */
final class RetentionCheck {
  /** Enough firings to see every gap of a calendar year, without walking a year of an every-minute schedule. */
  private static final int MAX_FIRINGS = 20_000;
  private static final Duration SPAN = Duration.ofDays(400);
  private static final Instant FROM = Instant.parse("2001-01-01T00:00:00Z");
  /**
   * The walk takes thousands of steps for an hourly schedule and validation runs on every reconcile: one walk per
   * expression. Bounded like CronSchedule's own cache: emptied when full.
   */
  private static final int MAX_REMEMBERED = 1024;
  private static final Map<String, Optional<Duration>> LONGEST_GAPS = new ConcurrentHashMap<>();

  private RetentionCheck() {}

  /**
   * The gaps are measured in UTC: a daily 02:30 in Europe/Paris skips the spring-forward day (02:30 does not
   * exist), and a 47-hour "period" would only confuse; the schedule's shape is what matters here.
   */
  static void maxAgeCoversTheLongestGap(SpecProblems problems, IsoDuration maxAge, CronSchedule schedule) {
    Optional<Duration> gap = longestGap(schedule.expression());
    if (gap.isEmpty()) {
      return;
    }
    Duration age = SpecProblems.length(maxAge);
    if (age.compareTo(gap.get()) < 0) {
      String longest = SpecProblems.iso(gap.get());
      problems.add("spec.retention.maxAge", "must be at least " + longest + ", the longest time between two backups of "
          + "schedule '" + schedule.expression() + "': otherwise every backup but the newest "
          + "is removed before the next one is taken, and a key never has an older backup to fall back on. Use at "
          + "least " + longest + ", or leave maxAge out and rely on keepLast");
    }
  }

  private static Optional<Duration> longestGap(String expression) {
    Optional<Duration> known = LONGEST_GAPS.get(expression);
    if (known != null) {
      return known;
    }
    Optional<Duration> gap = longestGap(CronSchedule.parse(expression, "UTC"));
    if (LONGEST_GAPS.size() >= MAX_REMEMBERED) {
      LONGEST_GAPS.clear();
    }
    LONGEST_GAPS.put(expression, gap);
    return gap;
  }

  private static Optional<Duration> longestGap(CronSchedule schedule) {
    Optional<Instant> previous = schedule.nextAfter(FROM);
    Duration longest = null;
    Instant end = FROM.plus(SPAN);
    for (int i = 0; previous.isPresent() && previous.get().isBefore(end) && i < MAX_FIRINGS; i++) {
      Optional<Instant> next = schedule.nextAfter(previous.get());
      if (next.isEmpty()) {
        break;
      }
      Duration gap = Duration.between(previous.get(), next.get());
      longest = longest == null || gap.compareTo(longest) > 0 ? gap : longest;
      previous = next;
    }
    return Optional.ofNullable(longest);
  }
}

package io.keyrotation.operator.schedule;

import io.keyrotation.operator.api.common.MaintenanceWindow;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;

/**
 * When a {@link MaintenanceWindow} is open: it opens at each firing of its cron schedule, read in its
 * time zone, and stays open for its duration measured in elapsed time, so a window of PT4H lasts
 * four hours also across a daylight-saving change. Windows that overlap merge.
 *
 * <p>Daylight-saving days, read strictly (a window restricts disruptive work, so when in doubt it
 * stays shut): a local time that does not exist that day (02:30 when clocks jump from 02:00 to
 * 03:00) opens no window; a local time that occurs twice (02:30 when clocks fall back from 03:00 to
 * 02:00) opens it once, at its first occurrence, for fixed and wildcard fields alike. The cron
 * library's own answer for the repeated hour depends on where its search starts, so this class
 * decides it and {@link #isOpen} and {@link #nextOpening} always agree.
 */
public final class WindowSchedule {
  private final CronSchedule opens;
  private final IsoDuration length;

  private WindowSchedule(CronSchedule opens, IsoDuration length) {
    this.opens = opens;
    this.length = length;
  }

  /** @throws IllegalArgumentException with a message fit for a status condition */
  public static WindowSchedule of(MaintenanceWindow window) {
    return new WindowSchedule(CronSchedule.parse(window.schedule(), window.timeZone()), IsoDuration.parse(window.duration()));
  }

  /** Open from each opening (included) to its end (excluded). */
  public boolean isOpen(Instant now) {
    return closesAt(now).isPresent();
  }

  /** The end of the window open at {@code now} (a later overlapping window may extend it); empty when closed. */
  public Optional<Instant> closesAt(Instant now) {
    // The latest opening has the latest end (a duration added to a later start never ends earlier),
    // so it alone decides whether overlapping windows cover now.
    return lastOpeningAtOrBefore(now).map(length::addTo).filter(end -> end.isAfter(now));
  }

  /** The first opening strictly after {@code now}, if the schedule ever opens again. */
  public Optional<Instant> nextOpening(Instant now) {
    Optional<Instant> next = opens.nextAfter(now);
    while (next.isPresent() && isSecondOccurrence(next.get())) {
      Instant repeat = next.get();
      next = opens.nextAfter(repeat).filter(later -> later.isAfter(repeat));
    }
    return next;
  }

  /** When a disruptive step may start: {@code now} if the window is open, else its next opening. */
  public Optional<Instant> earliestStart(Instant now) {
    return isOpen(now) ? Optional.of(now) : nextOpening(now);
  }

  /**
   * Steps back to an opening, then forward through {@link #nextOpening}, so the answer rests on the
   * same openings as the forward search even where the backward one reads a repeated hour differently.
   */
  private Optional<Instant> lastOpeningAtOrBefore(Instant now) {
    Optional<Instant> last = opens.lastAtOrBefore(now);
    while (last.isPresent() && isSecondOccurrence(last.get())) {
      Instant repeat = last.get();
      last = opens.lastAtOrBefore(repeat.minusSeconds(1)).filter(earlier -> earlier.isBefore(repeat));
    }
    if (last.isEmpty()) {
      return last;
    }
    Instant latest = last.get();
    for (Optional<Instant> next = nextOpening(latest); next.isPresent() && !next.get().isAfter(now); next = nextOpening(latest)) {
      latest = next.get();
    }
    return Optional.of(latest);
  }

  /** True for the second time a local time occurs, in the hour repeated when clocks fall back. */
  private boolean isSecondOccurrence(Instant instant) {
    ZoneId zone = opens.zone();
    ZonedDateTime local = instant.atZone(zone);
    ZoneOffsetTransition transition = zone.getRules().getTransition(local.toLocalDateTime());
    return transition != null && transition.isOverlap() && local.getOffset().equals(transition.getOffsetAfter());
  }
}

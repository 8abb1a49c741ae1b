package io.keyrotation.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.api.common.MaintenanceWindow;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each row: a window, a fixed clock, and whether the window is open then and when it next opens. */
class WindowScheduleTest {

  @ParameterizedTest(name = "{0} {1} {2} at {3}: open={4}")
  @CsvSource(delimiter = '|', textBlock = """
      # plain UTC window, end excluded
      0 2 * * *   | PT1H  | UTC          | 2026-06-10T01:59:59Z | false | 2026-06-10T02:00:00Z
      0 2 * * *   | PT1H  | UTC          | 2026-06-10T02:00:00Z | true  | 2026-06-11T02:00:00Z
      0 2 * * *   | PT1H  | UTC          | 2026-06-10T02:59:59Z | true  | 2026-06-11T02:00:00Z
      0 2 * * *   | PT1H  | UTC          | 2026-06-10T03:00:00Z | false | 2026-06-11T02:00:00Z
      @weekly     | P1D   | UTC          | 2026-06-08T12:00:00Z | false | 2026-06-14T00:00:00Z
      @weekly     | P1D   | UTC          | 2026-06-14T23:59:00Z | true  | 2026-06-21T00:00:00Z
      # a window spanning midnight in its own time zone (22:00 CEST = 20:00 UTC)
      0 22 * * *  | PT4H  | Europe/Paris | 2026-06-10T23:30:00Z | true  | 2026-06-11T20:00:00Z
      0 22 * * *  | PT4H  | Europe/Paris | 2026-06-11T00:00:00Z | false | 2026-06-11T20:00:00Z
      # spring forward in Paris (29 March 2026, 02:00 CET -> 03:00 CEST): no 02:30 that day, no window
      30 2 * * *  | PT1H  | Europe/Paris | 2026-03-28T01:30:00Z | true  | 2026-03-30T00:30:00Z
      30 2 * * *  | PT1H  | Europe/Paris | 2026-03-29T00:45:00Z | false | 2026-03-30T00:30:00Z
      30 2 * * *  | PT1H  | Europe/Paris | 2026-03-29T01:30:00Z | false | 2026-03-30T00:30:00Z
      30 2 * * *  | PT1H  | Europe/Paris | 2026-03-30T00:30:00Z | true  | 2026-03-31T00:30:00Z
      # a window open across the jump lasts its four hours of elapsed time (22:00 CET to 03:00 CEST)
      0 22 * * *  | PT4H  | Europe/Paris | 2026-03-29T00:59:00Z | true  | 2026-03-29T20:00:00Z
      0 22 * * *  | PT4H  | Europe/Paris | 2026-03-29T01:00:00Z | false | 2026-03-29T20:00:00Z
      # fall back in Paris (25 October 2026, 03:00 CEST -> 02:00 CET): 02:30 occurs twice, the window opens once
      30 2 * * *  | PT1H  | Europe/Paris | 2026-10-25T00:29:00Z | false | 2026-10-25T00:30:00Z
      30 2 * * *  | PT1H  | Europe/Paris | 2026-10-25T00:30:00Z | true  | 2026-10-26T01:30:00Z
      30 2 * * *  | PT1H  | Europe/Paris | 2026-10-25T01:15:00Z | true  | 2026-10-26T01:30:00Z
      30 2 * * *  | PT1H  | Europe/Paris | 2026-10-25T01:45:00Z | false | 2026-10-26T01:30:00Z
      # so does an hourly one: 02:00 CEST opens it, 02:00 CET (an hour later) does not, 03:00 CET does
      0 * * * *   | PT15M | Europe/Paris | 2026-10-25T00:10:00Z | true  | 2026-10-25T02:00:00Z
      0 * * * *   | PT15M | Europe/Paris | 2026-10-25T01:10:00Z | false | 2026-10-25T02:00:00Z
      0 * * * *   | PT15M | Europe/Paris | 2026-10-25T02:10:00Z | true  | 2026-10-25T03:00:00Z
      # New York falls back at 02:00 EDT -> 01:00 EST (1 November 2026); asked from inside the repeated hour
      30 1 * * *  | PT30M | America/New_York | 2026-11-01T05:45:00Z | true  | 2026-11-02T06:30:00Z
      30 1 * * *  | PT30M | America/New_York | 2026-11-01T06:15:00Z | false | 2026-11-02T06:30:00Z
      30 1 * * *  | PT30M | America/New_York | 2026-11-01T06:45:00Z | false | 2026-11-02T06:30:00Z
      """)
  void opensAtEachCronTimeForItsDuration(String schedule, String duration, String zone, Instant now, boolean open,
      Instant nextOpening) {
    WindowSchedule window = WindowSchedule.of(new MaintenanceWindow(schedule, duration, zone));
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    assertThat(window.isOpen(clock.instant())).isEqualTo(open);
    assertThat(window.nextOpening(clock.instant())).contains(nextOpening);
    assertThat(window.earliestStart(clock.instant())).contains(open ? now : nextOpening);
  }

  @Test
  void overlappingWindowsMergeAndClosingIsTheLatestEnd() {
    WindowSchedule everyHourForNinetyMinutes = WindowSchedule.of(new MaintenanceWindow("0 * * * *", "PT90M", "UTC"));
    Instant now = Clock.fixed(Instant.parse("2026-06-10T10:45:00Z"), ZoneOffset.UTC).instant();

    assertThat(everyHourForNinetyMinutes.isOpen(now)).isTrue();
    assertThat(everyHourForNinetyMinutes.closesAt(now)).contains(Instant.parse("2026-06-10T11:30:00Z"));
  }

  @Test
  void aClosedWindowHasNoEnd() {
    WindowSchedule nightly = WindowSchedule.of(new MaintenanceWindow("0 2 * * *", "PT1H", null));
    assertThat(nightly.closesAt(Instant.parse("2026-06-10T12:00:00Z"))).isEmpty();
  }

  @Test
  void refusesAWindowThatCannotBeRead() {
    assertThatThrownBy(() -> WindowSchedule.of(new MaintenanceWindow("0 2 * *", "PT1H", "UTC")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 2 * *");
    assertThatThrownBy(() -> WindowSchedule.of(new MaintenanceWindow("0 2 * * *", "one hour", "UTC")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one hour");
    assertThatThrownBy(() -> WindowSchedule.of(new MaintenanceWindow("0 2 * * *", "PT1H", "Mars/Olympus")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Mars/Olympus");
  }
}

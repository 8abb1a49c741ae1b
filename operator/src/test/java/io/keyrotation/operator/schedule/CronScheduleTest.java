package io.keyrotation.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {
  static final Instant MONDAY_NOON = Instant.parse("2026-11-23T12:00:00Z");

  @ParameterizedTest
  @CsvSource({
      "30 2 * * *, UTC, 2026-11-24T02:30:00Z",
      "30 2 * * *, Europe/Paris, 2026-11-24T01:30:00Z",
      "@daily, UTC, 2026-11-24T00:00:00Z",
      "@hourly, UTC, 2026-11-23T13:00:00Z",
      "@weekly, UTC, 2026-11-29T00:00:00Z",
      "@monthly, UTC, 2026-12-01T00:00:00Z",
      "0 1 * * 0, Europe/Paris, 2026-11-29T00:00:00Z",
      "*/15 * * * 1-5, UTC, 2026-11-23T12:15:00Z"})
  void nextFiringFollowsCronJobSemanticsInTheTimeZone(String expression, String zone, String expected) {
    assertThat(CronSchedule.parse(expression, zone).nextAfter(MONDAY_NOON)).contains(Instant.parse(expected));
  }

  @Test
  void dayOfMonthAndDayOfWeekBothRestrictedMeansEither() {
    // 1st of the month OR a Wednesday, as in cron(8): the next is Wednesday 25 November, not 1 December.
    assertThat(CronSchedule.parse("0 0 1 * 3", "UTC").nextAfter(MONDAY_NOON)).contains(Instant.parse("2026-11-25T00:00:00Z"));
  }

  @Test
  void lastFiringAtOrBeforeIncludesTheInstantItself() {
    CronSchedule daily = CronSchedule.parse("@daily", "UTC");
    assertThat(daily.lastAtOrBefore(Instant.parse("2026-11-23T00:00:00Z"))).contains(Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(daily.lastAtOrBefore(MONDAY_NOON)).contains(Instant.parse("2026-11-23T00:00:00Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "daily", "* * * *", "0 0 1 * * 0", "61 * * * *", "0 25 * * *", "@every 1h"})
  void refusesWhatCronJobRefuses(String expression) {
    assertThatThrownBy(() -> CronSchedule.parse(expression, "UTC")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAnUnknownTimeZoneByName() {
    assertThatThrownBy(() -> CronSchedule.parse("@daily", "Mars/Olympus"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Mars/Olympus").hasMessageContaining("IANA");
  }

  @ParameterizedTest
  @ValueSource(strings = {"+01:00", "-05:00", "Z", "GMT+1", "UTC+01:00", "UT-2", "+1"})
  void refusesOffsetsThatAreNoIanaZoneAsCronJobDoes(String offset) {
    assertThatThrownBy(() -> CronSchedule.zone(offset)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + offset + "' is not an IANA time zone name").hasMessageContaining("an offset is not a zone");
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT-1", "Asia/Kolkata"})
  void acceptsIanaZoneNames(String zone) {
    assertThat(CronSchedule.zone(zone).getId()).isEqualTo(zone);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "*/0 * * * *|minute",
      "0 1-23/00 * * *|hour",
      "0 0 */0 * *|day-of-month",
      "0 0 1 1,*/0 *|month",
      "0 0 * * 1-5/0|day-of-week"})
  void saysAStepOfZeroIsNotAllowedInTheFieldItIsIn(String expression, String field) {
    assertThatThrownBy(() -> CronSchedule.parse(expression, "UTC")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("a step of 0 is not allowed in the " + field + " field");
  }

  @Test
  void aStepOfTenIsNoStepOfZero() {
    assertThat(CronSchedule.parse("*/10 * * * *", "UTC").nextAfter(MONDAY_NOON)).contains(Instant.parse("2026-11-23T12:10:00Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 3 30 2 *", "0 3 31 4 *", "0 0 31 11 *"})
  void refusesADateThatDoesNotExistBecauseItWouldNeverFire(String expression) {
    assertThatThrownBy(() -> CronSchedule.parse(expression, "UTC")).hasMessageContaining("never fires");
  }

  @Test
  void february29FiresInLeapYears() {
    assertThat(CronSchedule.parse("0 3 29 2 *", "UTC").nextAfter(MONDAY_NOON)).contains(Instant.parse("2028-02-29T03:00:00Z"));
  }
}

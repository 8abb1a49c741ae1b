package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.backup.ScheduleDecision.Action;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The planner as a CronJob table: fixed instants, no clock read. */
class BackupSchedulePlannerTest {
  private final BackupSchedulePlanner planner = new BackupSchedulePlanner();
  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  private static BackupSchedulePlanner.Input input(String schedule, String zone, String lastSchedule, Long deadline, String now) {
    return new BackupSchedulePlanner.Input(schedule, zone, false, deadline, false,
        Optional.ofNullable(lastSchedule).map(Instant::parse), Optional.empty(), CREATED,
        Optional.empty(), Optional.empty(), Instant.parse(now));
  }

  @ParameterizedTest(name = "{0} in {1}, last {2}, now {4}: {5} at {6}, next {7}")
  @CsvSource(nullValues = "-", value = {
      // schedule,   zone,          last scheduled,         deadline, now,                    action,         scheduled,              next
      "0 2 * * *,    UTC,           2026-03-01T02:00:00Z,   -,        2026-03-01T12:00:00Z,   Wait,           -,                      2026-03-02T02:00:00Z",
      "0 2 * * *,    UTC,           2026-03-01T02:00:00Z,   -,        2026-03-02T02:00:00Z,   StartScheduled, 2026-03-02T02:00:00Z,   2026-03-03T02:00:00Z",
      "0 2 * * *,    UTC,           2026-03-01T02:00:00Z,   -,        2026-03-02T05:00:00Z,   StartScheduled, 2026-03-02T02:00:00Z,   2026-03-03T02:00:00Z",
      // Within the starting deadline (3 h after, deadline 4 h): runs.
      "0 2 * * *,    UTC,           2026-03-01T02:00:00Z,   14400,    2026-03-02T05:00:00Z,   StartScheduled, 2026-03-02T02:00:00Z,   2026-03-03T02:00:00Z",
      // Beyond it (3 h after, deadline 1 h): missed, not run.
      "0 2 * * *,    UTC,           2026-03-01T02:00:00Z,   3600,     2026-03-02T05:00:00Z,   Wait,           -,                      2026-03-03T02:00:00Z",
      // Paris is UTC+1 in winter: 02:00 local is 01:00Z.
      "0 2 * * *,    Europe/Paris,  2026-02-01T01:00:00Z,   -,        2026-02-02T01:00:00Z,   StartScheduled, 2026-02-02T01:00:00Z,   2026-02-03T01:00:00Z",
      "@daily,       Asia/Tokyo,    2026-02-01T15:00:00Z,   -,        2026-02-02T15:00:01Z,   StartScheduled, 2026-02-02T15:00:00Z,   2026-02-03T15:00:00Z",
      "@hourly,      UTC,           2026-03-01T10:00:00Z,   -,        2026-03-01T10:59:59Z,   Wait,           -,                      2026-03-01T11:00:00Z",
  })
  void decidesLikeACronJob(String schedule, String zone, String last, Long deadline, String now, Action action, String scheduled, String next) {
    ScheduleDecision decision = planner.decide(input(schedule.trim(), zone.trim(), last, deadline, now));

    assertThat(decision.action()).isEqualTo(action);
    assertThat(decision.scheduledTime()).isEqualTo(Optional.ofNullable(scheduled).map(Instant::parse));
    assertThat(decision.next()).contains(Instant.parse(next));
  }

  @Test
  void aMissBeyondTheDeadlineIsCountedOnceAndRecordedAsTheLastMissedTime() {
    ScheduleDecision decision = planner.decide(input("0 2 * * *", "UTC", "2026-03-01T02:00:00Z", 600L, "2026-03-04T03:00:00Z"));

    assertThat(decision.action()).isEqualTo(Action.Wait);
    assertThat(decision.missed()).isEqualTo(3);
    assertThat(decision.lastMissed()).contains(Instant.parse("2026-03-04T02:00:00Z"));

    ScheduleDecision later = planner.decide(new BackupSchedulePlanner.Input("0 2 * * *", "UTC", false, 600L, false,
        Optional.of(Instant.parse("2026-03-01T02:00:00Z")), decision.lastMissed(), CREATED, Optional.empty(), Optional.empty(),
        Instant.parse("2026-03-04T04:00:00Z")));
    assertThat(later.missed()).isZero();
    assertThat(later.action()).isEqualTo(Action.Wait);
  }

  @Test
  void onlyTheMostRecentOfSeveralMissedTimesRunsTheOthersAreCountedAsMissed() {
    ScheduleDecision decision = planner.decide(input("0 2 * * *", "UTC", "2026-03-01T02:00:00Z", null, "2026-03-04T03:00:00Z"));

    assertThat(decision.action()).isEqualTo(Action.StartScheduled);
    assertThat(decision.scheduledTime()).contains(Instant.parse("2026-03-04T02:00:00Z"));
    assertThat(decision.missed()).isEqualTo(2);
    assertThat(decision.lastMissed()).contains(Instant.parse("2026-03-03T02:00:00Z"));
  }

  @Test
  void theFirstScheduleTimeCountsFromCreationNotFromTheEpoch() {
    ScheduleDecision decision = planner.decide(new BackupSchedulePlanner.Input("0 2 * * *", "UTC", false, null, false,
        Optional.empty(), Optional.empty(), Instant.parse("2026-03-01T12:00:00Z"), Optional.empty(), Optional.empty(),
        Instant.parse("2026-03-01T13:00:00Z")));

    assertThat(decision.action()).isEqualTo(Action.Wait);
    assertThat(decision.next()).contains(Instant.parse("2026-03-02T02:00:00Z"));
  }

  @Test
  void suspendedStartsNothingAndHasNoNextTime() {
    ScheduleDecision decision = planner.decide(new BackupSchedulePlanner.Input("0 2 * * *", "UTC", true, null, false,
        Optional.of(Instant.parse("2026-03-01T02:00:00Z")), Optional.empty(), CREATED, Optional.empty(), Optional.empty(),
        Instant.parse("2026-03-05T03:00:00Z")));

    assertThat(decision.action()).isEqualTo(Action.Wait);
    assertThat(decision.next()).isEmpty();
    assertThat(decision.wakeAt(Instant.parse("2026-03-05T03:00:00Z"))).isEmpty();
  }

  @Test
  void aNewManualTriggerValueStartsARunEvenWhileSuspended() {
    ScheduleDecision decision = planner.decide(new BackupSchedulePlanner.Input("0 2 * * *", "UTC", true, null, false,
        Optional.empty(), Optional.empty(), CREATED, Optional.of("2026-03-05T10:00"), Optional.of("2026-03-04T09:00"),
        Instant.parse("2026-03-05T10:00:01Z")));

    assertThat(decision.action()).isEqualTo(Action.StartManual);
    assertThat(decision.manualTrigger()).contains("2026-03-05T10:00");
  }

  @Test
  void aManualTriggerAlreadyHandledStartsNothing() {
    ScheduleDecision decision = planner.decide(new BackupSchedulePlanner.Input("0 2 * * *", "UTC", false, null, false,
        Optional.of(Instant.parse("2026-03-05T02:00:00Z")), Optional.empty(), CREATED, Optional.of("v1"), Optional.of("v1"),
        Instant.parse("2026-03-05T10:00:00Z")));

    assertThat(decision.action()).isEqualTo(Action.Wait);
  }

  @Test
  void forbidContinuesTheActiveRunAndStartsNoOtherEvenWhenDueOrTriggered() {
    ScheduleDecision decision = planner.decide(new BackupSchedulePlanner.Input("0 2 * * *", "UTC", false, null, true,
        Optional.of(Instant.parse("2026-03-01T02:00:00Z")), Optional.empty(), CREATED, Optional.of("now"), Optional.empty(),
        Instant.parse("2026-03-05T10:00:00Z")));

    assertThat(decision.action()).isEqualTo(Action.ContinueRun);
    assertThat(decision.scheduledTime()).isEmpty();
  }

  @Test
  void aTimeInTheSpringForwardGapIsNotRunThatDay() {
    // Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist that day.
    ScheduleDecision dayOfGap = planner.decide(input("30 2 * * *", "Europe/Berlin", "2026-03-28T01:30:00Z", null, "2026-03-29T12:00:00Z"));

    assertThat(dayOfGap.action()).isEqualTo(Action.Wait);
    assertThat(dayOfGap.next()).contains(Instant.parse("2026-03-30T00:30:00Z"));
  }

  @Test
  void aTimeRepeatedWhenClocksFallBackRunsOnceAtItsFirstOccurrence() {
    // Berlin, 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens at 00:30Z and again at 01:30Z.
    ScheduleDecision first = planner.decide(input("30 2 * * *", "Europe/Berlin", "2026-10-24T00:30:00Z", null, "2026-10-25T00:30:00Z"));
    ScheduleDecision repeat = planner.decide(input("30 2 * * *", "Europe/Berlin", "2026-10-25T00:30:00Z", null, "2026-10-25T01:45:00Z"));

    assertThat(first.action()).isEqualTo(Action.StartScheduled);
    assertThat(first.scheduledTime()).contains(Instant.parse("2026-10-25T00:30:00Z"));
    assertThat(repeat.action()).isEqualTo(Action.Wait);
    assertThat(repeat.missed()).isZero();
    assertThat(repeat.next()).contains(Instant.parse("2026-10-26T01:30:00Z"));
  }

  @Test
  void aMissedRepeatedTimeIsCountedOnce() {
    ScheduleDecision decision = planner.decide(input("30 2 * * *", "Europe/Berlin", "2026-10-24T00:30:00Z", 60L, "2026-10-25T02:00:00Z"));

    assertThat(decision.action()).isEqualTo(Action.Wait);
    assertThat(decision.missed()).isEqualTo(1);
    assertThat(decision.lastMissed()).contains(Instant.parse("2026-10-25T00:30:00Z"));
  }
}

package io.keyrotation.operator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IsoDurationTest {
  static final Instant START = Instant.parse("2026-01-31T10:00:00Z");

  @ParameterizedTest
  @CsvSource({
      "P365D, 2027-01-31T10:00:00Z",
      "P1Y, 2027-01-31T10:00:00Z",
      "P1M, 2026-02-28T10:00:00Z",
      "P2W, 2026-02-14T10:00:00Z",
      "PT4H, 2026-01-31T14:00:00Z",
      "P1DT12H30M15S, 2026-02-01T22:30:15Z"})
  void addsCalendarAndTimePartsInUtc(String text, String expected) {
    assertThat(IsoDuration.parse(text).addTo(START)).isEqualTo(Instant.parse(expected));
  }

  @Test
  void subtractsWhatItAdds() {
    IsoDuration d = IsoDuration.parse("P30DT1H");
    assertThat(d.subtractFrom(d.addTo(START))).isEqualTo(START);
  }

  @Test
  void lengthOfAYearDependsOnTheStart() {
    assertThat(IsoDuration.parse("P1Y").lengthFrom(Instant.parse("2027-06-01T00:00:00Z"))).isEqualTo(Duration.ofDays(366));
    assertThat(IsoDuration.parse("P1Y").lengthFrom(Instant.parse("2026-06-01T00:00:00Z"))).isEqualTo(Duration.ofDays(365));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "P", "PT", "P1DT", "365D", "P-1D", "P1.5D", "PT1H1D", "P99999999999D"})
  void refusesWhatIsNotAnIsoDuration(String text) {
    assertThatThrownBy(() -> IsoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text.isEmpty() ? "''" : text);
  }

  @Test
  void zeroIsRecognised() {
    assertThat(IsoDuration.parse("P0D").isZero()).isTrue();
    assertThat(IsoDuration.parse("PT1S").isZero()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"P999999999999D", "P999999999Y", "P101Y", "P1213M", "P36890D", "PT999999999H", "P5300W",
      "P99999999999999999999999D", "P100YT1S"})
  void refusesDurationsLongerThanAHundredYearsWithoutOverflowing(String text) {
    assertThatThrownBy(() -> IsoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is longer than 100 years, the longest duration this operator accepts");
  }

  @ParameterizedTest
  @ValueSource(strings = {"P100Y", "P1200M", "P36524D", "PT876000H", "P0000000000001D"})
  void acceptsDurationsUpToAHundredYears(String text) {
    assertThat(IsoDuration.parse(text).addTo(START)).isAfter(START);
  }
}

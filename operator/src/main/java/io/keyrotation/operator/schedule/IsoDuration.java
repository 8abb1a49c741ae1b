package io.keyrotation.operator.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ISO-8601 duration with a calendar part (years, months, weeks, days) and a time part, as Key
 * Vault rotation policies write them ({@code P365D}, {@code P2Y}, {@code PT4H}). Calendar parts are
 * added in UTC, so {@code P1Y} from 29 February lands on 28 February.
 */
public record IsoDuration(Period period, Duration time) {
  private static final Pattern FORMAT = Pattern.compile(
      "P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)S)?)?");

  public static IsoDuration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a duration is required");
    }
    Matcher m = FORMAT.matcher(text);
    if (!m.matches() || text.equals("P") || text.endsWith("T")) {
      throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as P365D, P1Y or PT4H");
    }
    try {
      Period period = Period.of(
          number(m.group(1)), number(m.group(2)), Math.addExact(Math.multiplyExact(number(m.group(3)), 7), number(m.group(4))));
      Duration time = Duration.ofHours(number(m.group(5))).plusMinutes(number(m.group(6))).plusSeconds(number(m.group(7)));
      return new IsoDuration(period, time);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is too large a duration");
    }
  }

  public Instant addTo(Instant start) {
    return start.atOffset(ZoneOffset.UTC).plus(period).plus(time).toInstant();
  }

  public Instant subtractFrom(Instant end) {
    return end.atOffset(ZoneOffset.UTC).minus(period).minus(time).toInstant();
  }

  /** The length when starting from {@code start}; calendar parts vary with the start. */
  public Duration lengthFrom(Instant start) {
    return Duration.between(start, addTo(start));
  }

  public boolean isZero() {
    return period.isZero() && time.isZero();
  }

  private static int number(String digits) {
    return digits == null ? 0 : Integer.parseInt(digits);
  }
}

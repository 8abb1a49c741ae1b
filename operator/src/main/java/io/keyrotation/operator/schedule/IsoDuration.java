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
 *
 * <p>At most {@link #MAX_YEARS} years: every date the operator derives from a duration (a Key Vault
 * key's expiry, a Graph client secret's {@code endDateTime}, a next run) must stay far inside what
 * Azure stores and inside {@code java.time}'s range, so that no date arithmetic can overflow. Azure's
 * limits: a key's {@code exp} is a .NET {@code DateTime} ("KeyAttributes.Expires: the expiry date in
 * UTC", Microsoft.Azure.KeyVault reference), which ends at 9999-12-31; Graph's
 * {@code passwordCredential.endDateTime} is a {@code DateTimeOffset} (passwordCredential resource type),
 * same end, with "startDateTime + 2 years" as addPassword's default and no documented maximum unless
 * a tenant's app management policy sets {@code passwordLifetime}, which only the call reveals.
 */
public record IsoDuration(Period period, Duration time) {
  private static final Pattern FORMAT = Pattern.compile(
      "P(?:(\\d+)Y)?(?:(\\d+)M)?(?:(\\d+)W)?(?:(\\d+)D)?(?:T(?:(\\d+)H)?(?:(\\d+)M)?(?:(\\d+)S)?)?");

  public static final int MAX_YEARS = 100;
  /** Far below the bound and far above {@code int}: checked before any date arithmetic. */
  private static final long MAX_NUMBER = 10_000_000L * 3600;
  private static final Instant BOUND_FROM = Instant.parse("2000-01-01T00:00:00Z");

  /** @throws IllegalArgumentException with a message fit for a status condition */
  public static IsoDuration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a duration is required");
    }
    Matcher m = FORMAT.matcher(text);
    if (!m.matches() || text.equals("P") || text.endsWith("T")) {
      throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as P365D, P1Y or PT4H");
    }
    long[] numbers = new long[7];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = number(m.group(i + 1));
      if (numbers[i] > MAX_NUMBER) {
        throw tooLong(text);
      }
    }
    Period period = Period.of((int) Math.min(numbers[0], MAX_YEARS + 1), (int) Math.min(numbers[1], 12L * (MAX_YEARS + 1)),
        (int) Math.min(numbers[2] * 7 + numbers[3], 366L * (MAX_YEARS + 1)));
    Duration time = Duration.ofHours(numbers[4]).plusMinutes(numbers[5]).plusSeconds(numbers[6]);
    IsoDuration duration = new IsoDuration(period, time);
    if (duration.addTo(BOUND_FROM).isAfter(BOUND_FROM.atOffset(ZoneOffset.UTC).plusYears(MAX_YEARS).toInstant())) {
      throw tooLong(text);
    }
    return duration;
  }

  private static IllegalArgumentException tooLong(String text) {
    return new IllegalArgumentException("'" + text + "' is longer than " + MAX_YEARS + " years, the longest duration "
        + "this operator accepts");
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

  /** The digits' value, or more than {@link #MAX_NUMBER} when there are too many digits for a long. */
  private static long number(String digits) {
    if (digits == null) {
      return 0;
    }
    String significant = digits.replaceFirst("^0+(?=.)", "");
    return significant.length() > 12 ? Long.MAX_VALUE : Long.parseLong(significant);
  }
}

package io.keyrotation.operator.keyvault;

import io.keyrotation.operator.api.common.NameRules;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Names for the {@code NewName} rotation strategy: {@code <prefix>-<yyyyMMdd>} (UTC), then
 * {@code <prefix>-<yyyyMMdd>-2}, {@code -3}, ... while a name is taken. Every name matches
 * {@code ^[A-Za-z0-9-]{1,26}$}, the SQL Server connector's limit (error 2049 beyond 26); a prefix
 * that cannot give such a name is refused before any call.
 */
public final class KeyNameGenerator {
  public static final int MAX_LENGTH = 26;
  private static final Pattern PREFIX = Pattern.compile("^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
  private static final int MAX_SEQUENCE = 99;

  private final Clock clock;

  public KeyNameGenerator(Clock clock) {
    this.clock = clock;
  }

  /** Whether {@code name} can be used as a TDE key name by the SQL Server connector. */
  public static boolean isValidConnectorKeyName(String name) {
    return NameRules.CONNECTOR_KEY_NAME.accepts(name);
  }

  /** Refuses a prefix that cannot produce a valid name ({@code InvalidSpec}), without any call. */
  public static void checkPrefix(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new GatewayException(FailureReason.InvalidSpec, "Key name prefix '" + prefix + "' is not valid: use letters, "
          + "digits and '-', starting and ending with a letter or digit.");
    }
    int longest = prefix.length() + 1 + 8;
    if (longest > MAX_LENGTH) {
      throw new GatewayException(FailureReason.InvalidSpec, "Key name prefix '" + prefix + "' is too long: '<prefix>-<yyyyMMdd>' "
          + "must fit the SQL Server connector's " + MAX_LENGTH + " characters, so the prefix may have at most "
          + (MAX_LENGTH - 9) + " (at most " + (MAX_LENGTH - 12) + " to leave room for a same-day sequence).");
    }
  }

  /**
   * The first free name for today. {@code taken} is asked about each candidate in turn (it should
   * count soft-deleted keys as taken: their names cannot be reused).
   */
  public String nextFreeName(String prefix, Predicate<String> taken) {
    checkPrefix(prefix);
    String base = prefix + "-" + DATE.format(clock.instant());
    if (!taken.test(base)) {
      return base;
    }
    for (int sequence = 2; sequence <= MAX_SEQUENCE; sequence++) {
      String candidate = base + "-" + sequence;
      if (candidate.length() > MAX_LENGTH) {
        break;
      }
      if (!taken.test(candidate)) {
        return candidate;
      }
    }
    throw new GatewayException(FailureReason.InvalidSpec, "No free key name for prefix '" + prefix + "' today: '" + base
        + "' and its same-day sequence numbers that fit " + MAX_LENGTH + " characters are all taken. Use a shorter prefix "
        + "or rotate tomorrow.");
  }
}

package io.keyrotation.operator.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A Kubernetes CronJob schedule: five fields, or one of the {@code @daily}-style macros, read in a
 * time zone.
 */
public final class CronSchedule {
  private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Map<String, String> MACROS = Map.of(
      "@yearly", "0 0 1 1 *",
      "@annually", "0 0 1 1 *",
      "@monthly", "0 0 1 * *",
      "@weekly", "0 0 * * 0",
      "@daily", "0 0 * * *",
      "@midnight", "0 0 * * *",
      "@hourly", "0 * * * *");
  private static final List<String> FIELDS = List.of("minute", "hour", "day-of-month", "month", "day-of-week");
  private static final Pattern ZERO_STEP = Pattern.compile("/0+(,|$)");
  /**
   * Every reconcile of a VaultBackupSchedule reads its schedules again (validation, planning, drills): parsed once per
   * expression and zone. Bounded for a cluster with unusually many distinct schedules: emptied when full.
   */
  private static final int MAX_PARSED = 1024;
  private static final Map<ParseKey, CronSchedule> PARSED = new ConcurrentHashMap<>();
  /** The zone names found valid; {@link ZoneId#getAvailableZoneIds} copies its ~600 names on every call. */
  private static final Map<String, ZoneId> VALID_ZONES = new ConcurrentHashMap<>();

  private record ParseKey(String expression, String timeZone) {}

  private final String expression;
  private final ExecutionTime executionTime;
  private final ZoneId zone;

  private CronSchedule(String expression, ExecutionTime executionTime, ZoneId zone) {
    this.expression = expression;
    this.executionTime = executionTime;
    this.zone = zone;
  }

  /** @throws IllegalArgumentException with a message fit for a status condition */
  public static CronSchedule parse(String expression, String timeZone) {
    ParseKey key = new ParseKey(expression, timeZone);
    CronSchedule known = PARSED.get(key);
    if (known != null) {
      return known;
    }
    CronSchedule parsed = parseAnew(expression, timeZone);
    if (PARSED.size() >= MAX_PARSED) {
      PARSED.clear();
    }
    PARSED.put(key, parsed);
    return parsed;
  }

  private static CronSchedule parseAnew(String expression, String timeZone) {
    ZoneId zone = zone(timeZone);
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("a cron schedule is required");
    }
    String fields = MACROS.getOrDefault(expression.trim(), expression.trim());
    refuseZeroSteps(expression, fields);
    CronSchedule schedule;
    try {
      schedule = new CronSchedule(expression, ExecutionTime.forCron(PARSER.parse(fields)), zone);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + expression + "' is not a valid cron schedule (five fields: minute hour day-of-month month day-of-week, or @hourly/@daily/@weekly/@monthly/@yearly): " + e.getMessage());
    }
    // Day-of-month, month and day-of-week repeat within 28 years of the Gregorian calendar: a schedule with no
    // firing in a 30-year window names a date that does not exist (February 30, April 31) and never runs.
    Instant from = ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, zone).toInstant();
    Instant to = ZonedDateTime.of(2030, 1, 1, 0, 0, 0, 0, zone).toInstant();
    if (schedule.nextAfter(from).filter(to::isAfter).isEmpty()) {
      throw new IllegalArgumentException("'" + expression + "' never fires: no such date (e.g. February 30 or April 31)");
    }
    return schedule;
  }

  /**
   * An IANA time zone name, as Kubernetes CronJob takes them; offsets ({@code +01:00}, {@code GMT+1},
   * {@code Z}), which {@link ZoneId#of} would also accept, are refused.
   */
  public static ZoneId zone(String timeZone) {
    String name = timeZone == null ? "UTC" : timeZone;
    ZoneId known = VALID_ZONES.get(name);
    if (known != null) {
      return known;
    }
    if (!ZoneId.getAvailableZoneIds().contains(name)) {
      throw new IllegalArgumentException("'" + name + "' is not an IANA time zone name such as UTC or Europe/Paris"
          + (looksLikeAnOffset(name) ? " (an offset is not a zone; for a fixed offset use Etc/GMT-1 for UTC+1)" : ""));
    }
    ZoneId zone = ZoneId.of(name);
    VALID_ZONES.put(name, zone);
    return zone;
  }

  private static boolean looksLikeAnOffset(String name) {
    return name.matches("(?i)(Z|(UTC|GMT|UT)?[+-].*)");
  }

  /** cron-utils would say "Period 0 not in range"; a user wrote a step of 0. */
  private static void refuseZeroSteps(String expression, String fields) {
    String[] parts = fields.split("\\s+");
    for (int i = 0; i < parts.length && i < FIELDS.size(); i++) {
      if (ZERO_STEP.matcher(parts[i]).find()) {
        throw new IllegalArgumentException("'" + expression + "' is not a valid cron schedule: a step of 0 is not "
            + "allowed in the " + FIELDS.get(i) + " field");
      }
    }
  }

  /** The first firing strictly after {@code after}, if the expression ever fires again. */
  public Optional<Instant> nextAfter(Instant after) {
    return executionTime.nextExecution(ZonedDateTime.ofInstant(after, zone)).map(ZonedDateTime::toInstant);
  }

  /** The last firing at or before {@code atOrBefore}. */
  public Optional<Instant> lastAtOrBefore(Instant atOrBefore) {
    return executionTime.lastExecution(ZonedDateTime.ofInstant(atOrBefore.plusNanos(1), zone)).map(ZonedDateTime::toInstant);
  }

  public String expression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }
}

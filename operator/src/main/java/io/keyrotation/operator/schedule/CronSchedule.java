package io.keyrotation.operator.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;

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
    ZoneId zone = zone(timeZone);
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("a cron schedule is required");
    }
    String fields = MACROS.getOrDefault(expression.trim(), expression.trim());
    try {
      return new CronSchedule(expression, ExecutionTime.forCron(PARSER.parse(fields)), zone);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + expression + "' is not a valid cron schedule (five fields: minute hour day-of-month month day-of-week, or @hourly/@daily/@weekly/@monthly/@yearly): " + e.getMessage());
    }
  }

  public static ZoneId zone(String timeZone) {
    try {
      return ZoneId.of(timeZone == null ? "UTC" : timeZone);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + timeZone + "' is not an IANA time zone such as UTC or Europe/Paris");
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

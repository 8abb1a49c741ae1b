package io.keyrotation.operator.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Disruptive steps run only inside a window that opens at each cron time and lasts {@code duration}. */
public record MaintenanceWindow(
    @Required @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.CRON_CEL, message = Formats.CRON_WORDS)
    @JsonPropertyDescription("When the window opens, in Kubernetes CronJob syntax (five fields or @daily-style macros).")
    String schedule,
    @Required @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.DURATION_CEL, message = Formats.DURATION_WORDS)
    @JsonPropertyDescription("How long the window stays open, ISO-8601 (e.g. PT4H).")
    String duration,
    @Default("UTC") @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.TIME_ZONE_CEL, message = Formats.TIME_ZONE_WORDS)
    @JsonPropertyDescription("IANA time zone the schedule is read in, e.g. Europe/Paris.")
    String timeZone) {

  public MaintenanceWindow {
    if (timeZone == null) timeZone = "UTC";
  }

  // Declared, so that the component's @ValidationRule stays on the field only: fabric8 collects both.
  @Override
  public String schedule() {
    return schedule;
  }

  @Override
  public String duration() {
    return duration;
  }

  @Override
  public String timeZone() {
    return timeZone;
  }
}

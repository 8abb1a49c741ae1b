package io.keyrotation.operator.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Disruptive steps run only inside a window that opens at each cron time and lasts {@code duration}. */
public record MaintenanceWindow(
    @Required @Pattern(Formats.CRON)
    @JsonPropertyDescription("When the window opens, in Kubernetes CronJob syntax (five fields or @daily-style macros).")
    String schedule,
    @Required @Pattern(Formats.DURATION)
    @JsonPropertyDescription("How long the window stays open, ISO-8601 (e.g. PT4H).")
    String duration,
    @Default("UTC") @Pattern(Formats.TIME_ZONE)
    @JsonPropertyDescription("IANA time zone the schedule is read in, e.g. Europe/Paris.")
    String timeZone) {

  public MaintenanceWindow {
    if (timeZone == null) timeZone = "UTC";
  }
}

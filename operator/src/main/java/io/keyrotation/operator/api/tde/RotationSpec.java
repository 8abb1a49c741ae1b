package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyrotation.operator.api.common.Formats;
import io.keyrotation.operator.api.common.MaintenanceWindow;

public record RotationSpec(
    @Default("P365D") @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.DURATION_CEL, message = Formats.DURATION_WORDS)
    @JsonPropertyDescription("Time between rotations, ISO-8601 (e.g. P365D). At least PT1H.")
    String interval,
    @JsonPropertyDescription("Only re-encrypt databases inside this window. Without it, any time.")
    MaintenanceWindow maintenanceWindow) {

  public static final String DEFAULT_INTERVAL = "P365D";

  public RotationSpec {
    if (interval == null) interval = DEFAULT_INTERVAL;
  }

  public static RotationSpec defaults() {
    return new RotationSpec(DEFAULT_INTERVAL, null);
  }

  // Declared, so that the component's @ValidationRule stays on the field only: fabric8 collects both.
  @Override
  public String interval() {
    return interval;
  }
}

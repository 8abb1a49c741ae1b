package io.keyrotation.operator.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyrotation.operator.api.common.Formats;

public record RetentionPolicy(
    @Default("30") @Min(1) @Max(10000)
    @JsonPropertyDescription("Backups kept per key, newest first.")
    Integer keepLast,
    @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.DURATION_CEL, message = Formats.DURATION_WORDS)
    @JsonPropertyDescription("Backups older than this are removed (ISO-8601, e.g. P365D), except a key's newest one.")
    String maxAge) {

  public RetentionPolicy {
    if (keepLast == null) keepLast = 30;
  }

  public static RetentionPolicy defaults() {
    return new RetentionPolicy(30, null);
  }

  // Declared, so that the component's @ValidationRule stays on the field only: fabric8 collects both.
  @Override
  public String maxAge() {
    return maxAge;
  }
}

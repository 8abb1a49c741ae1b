package io.keyrotation.operator.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.keyrotation.operator.api.common.Formats;

public record RetentionPolicy(
    @Default("30") @Min(1) @Max(10000)
    @JsonPropertyDescription("Backups kept per key, newest first.")
    Integer keepLast,
    @Pattern(Formats.DURATION)
    @JsonPropertyDescription("Backups older than this are removed (ISO-8601, e.g. P365D), except a key's newest one.")
    String maxAge) {

  public RetentionPolicy {
    if (keepLast == null) keepLast = 30;
  }

  public static RetentionPolicy defaults() {
    return new RetentionPolicy(30, null);
  }
}

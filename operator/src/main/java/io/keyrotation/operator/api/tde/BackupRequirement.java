package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.Pattern;
import io.keyrotation.operator.api.common.Formats;

/**
 * Backup before use. Without it, a VaultBackupSchedule of the policy's namespace whose source is the
 * policy's vault and whose key selection includes the new key is waited for all the same.
 */
public record BackupRequirement(
    @Required
    @JsonPropertyDescription("The VaultBackupSchedule (same namespace) that must archive each new key before any database "
        + "encryption key is re-encrypted with it. A rotation whose new key it does not cover, or that names a schedule "
        + "which does not exist, does not go on and says why.")
    ScheduleRef scheduleRef) {

  public record ScheduleRef(
      @Required @Size(max = 253) @Pattern(Formats.OBJECT_NAME)
      @JsonPropertyDescription("Name of the VaultBackupSchedule in the policy's namespace.")
      String name) {}
}

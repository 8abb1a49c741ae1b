package io.keyrotation.operator.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.keyrotation.operator.api.common.ResourceStatus;
import java.util.List;

public record VaultBackupScheduleStatus(
    Long observedGeneration,
    List<Condition> conditions,
    @JsonPropertyDescription("When the last run was scheduled (RFC 3339).")
    String lastScheduleTime,
    @JsonPropertyDescription("When the last run that succeeded completed (RFC 3339).")
    String lastSuccessfulTime,
    @JsonPropertyDescription("When the next run is due (RFC 3339).")
    String nextScheduleTime,
    @JsonPropertyDescription("The run in progress, if any.")
    BackupRun activeRun,
    @JsonPropertyDescription("The last completed run.")
    BackupRun lastRun,
    @JsonPropertyDescription("Value of the keyrotation.io/backup-now annotation last handled.")
    String lastManualTrigger)
    implements ResourceStatus {

  public static VaultBackupScheduleStatus empty() {
    return new VaultBackupScheduleStatus(null, List.of(), null, null, null, null, null, null);
  }

  public record BackupRun(
      String scheduledTime,
      String startTime,
      String completionTime,
      RunResult result,
      Integer keysBackedUp,
      Integer keysUnchanged,
      Integer keysRestored,
      Integer keysSkipped,
      Integer keysFailed,
      @JsonPropertyDescription("Per-key failures and skips with their reason (at most 20 listed).")
      List<KeyOutcome> problems) {}

  public enum RunResult { Running, Succeeded, PartiallyFailed, Failed }

  public record KeyOutcome(
      String key,
      @JsonPropertyDescription("Where it happened: the source vault, the archive, or a standby vault URL.")
      String target,
      String reason,
      String message) {}
}

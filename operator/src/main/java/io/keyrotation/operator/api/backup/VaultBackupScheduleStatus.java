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
    @JsonPropertyDescription("When the next run is due (RFC 3339); empty while suspended.")
    String nextScheduleTime,
    @JsonPropertyDescription("The run in progress, if any.")
    BackupRun activeRun,
    @JsonPropertyDescription("The last completed run.")
    BackupRun lastRun,
    @JsonPropertyDescription("Value of the keyrotation.io/backup-now annotation last handled.")
    String lastManualTrigger,
    @JsonPropertyDescription("Schedule times that passed without a run (starting deadline exceeded, or superseded by a later one), in total.")
    Integer missedSchedules,
    @JsonPropertyDescription("The latest schedule time counted as missed (RFC 3339).")
    String lastMissedTime,
    @JsonPropertyDescription("After the last run, and again when the keys TdeKeyPolicies of this namespace use change: for each "
        + "standby vault and each key selected or used by such a policy in the source vault, whether it can be restored now, "
        + "whether the standby holds it, and whether the EKM identity can use it there.")
    List<StandbyReadiness> standbyReadiness,
    @JsonPropertyDescription("The drill in progress: recorded before the key is restored into the scratch vault, so that only a key the operator restored there itself is ever deleted.")
    DrillIntent activeDrill,
    @JsonPropertyDescription("When the last drill was due (RFC 3339).")
    String lastDrillScheduleTime,
    @JsonPropertyDescription("The last drill of each key.")
    List<DrillResult> drills)
    implements ResourceStatus {

  public static VaultBackupScheduleStatus empty() {
    return new VaultBackupScheduleStatus(null, List.of(), null, null, null, null, null, null, 0, null, List.of(), null, null, List.of());
  }

  public record BackupRun(
      @JsonPropertyDescription("The schedule time this run is for, or the time a manual run was asked for (RFC 3339); names its archives.")
      String scheduledTime,
      @JsonPropertyDescription("schedule, or manual:<value of keyrotation.io/backup-now>.")
      String trigger,
      String startTime,
      String completionTime,
      RunResult result,
      @JsonPropertyDescription("The step the run is at (activeRun only).")
      BackupRunStep step,
      @JsonPropertyDescription("The keys this run backs up, chosen at its start.")
      List<String> selectedKeys,
      @JsonPropertyDescription("How many of selectedKeys the current step has finished.")
      Integer keysDone,
      @JsonPropertyDescription("Attempts of the current step that failed for a reason that may pass (throttling, outage).")
      Integer retries,
      @JsonPropertyDescription("After a failure that may pass, the current step is not tried again before this time (RFC 3339).")
      String retryAt,
      Integer keysBackedUp,
      Integer keysUnchanged,
      Integer keysRestored,
      Integer keysInSync,
      Integer keysConflict,
      Integer keysFailed,
      @JsonPropertyDescription("Selected keys the source vault no longer has (deleted or purged) while the archive holds them: "
          + "nothing new is archived for them, their newest archive is restored into standbys that lack it.")
      Integer keysMissingAtSource,
      @JsonPropertyDescription("Per-key failures and conflicts with their reason (at most 20 listed).")
      List<KeyOutcome> problems) {}

  public enum RunResult { Running, Succeeded, PartiallyFailed, Failed }

  public record KeyOutcome(
      String key,
      @JsonPropertyDescription("Where it happened: the source vault, the archive, or a standby vault URL.")
      String target,
      String reason,
      String message) {}

  public record StandbyReadiness(
      String standbyVault,
      String key,
      @JsonPropertyDescription("The key has an archive that verifies: it can be restored into this standby now.")
      Boolean restorable,
      @JsonPropertyDescription("The standby holds a key of this name.")
      Boolean presentInStandby,
      @JsonPropertyDescription("The EKM identity (spec.ekmIdentity) wrapped and unwrapped with the standby key; empty when no EKM identity is named.")
      Boolean usableByEkm,
      @JsonPropertyDescription("Why a check above is false or unknown.")
      String message,
      String checkedTime) {}

  public record DrillIntent(String key, String scratchVault, String archive, String scheduledTime) {}

  public record DrillResult(
      String key,
      String time,
      @JsonPropertyDescription("Passed: restored, public key equal to the source's, deleted and purged again.")
      DrillOutcome result,
      String archive,
      String message) {}

  public enum DrillOutcome { Passed, Failed }
}

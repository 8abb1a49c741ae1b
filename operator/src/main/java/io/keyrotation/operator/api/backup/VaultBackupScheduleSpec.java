package io.keyrotation.operator.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyrotation.operator.api.common.AzureCredentials;
import io.keyrotation.operator.api.common.ClientSecretRef;
import io.keyrotation.operator.api.common.Formats;
import io.keyrotation.operator.api.common.VaultRef;
import java.util.List;

@ValidationRule(value = "!has(self.standbyVaults) || self.standbyVaults.all(v, v.url != self.source.vault.url)",
    message = "a standby vault must not be the source vault", fieldPath = ".standbyVaults")
@ValidationRule(value = "!has(self.standbyVaults) || size(self.standbyVaults) == 0 || has(self.source.vault.subscriptionId)",
    message = "source.vault.subscriptionId is required with standbyVaults: Key Vault restores a backup only into a vault of the same subscription",
    fieldPath = ".source.vault.subscriptionId")
@ValidationRule(value = "!has(self.standbyVaults) || self.standbyVaults.all(v, has(v.region) && has(v.subscriptionId))",
    message = "every standby vault needs region and subscriptionId: Key Vault restores a backup only in the same geography and subscription",
    fieldPath = ".standbyVaults")
public record VaultBackupScheduleSpec(
    @Required @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.CRON_CEL, message = Formats.CRON_WORDS)
    @JsonPropertyDescription("When to back up, in Kubernetes CronJob syntax (five fields or @daily-style macros).")
    String schedule,
    @Default("UTC") @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.TIME_ZONE_CEL, message = Formats.TIME_ZONE_WORDS)
    @JsonPropertyDescription("IANA time zone the schedule is read in.")
    String timeZone,
    @Default("false")
    @JsonPropertyDescription("Do not start new runs.")
    Boolean suspend,
    @Min(0)
    @JsonPropertyDescription("A run that cannot start within this many seconds of its scheduled time is skipped and counted as missed.")
    Long startingDeadlineSeconds,
    @Default("Forbid")
    @JsonPropertyDescription("Forbid: a new run does not start while the previous one is still running.")
    ConcurrencyPolicy concurrencyPolicy,
    @Required
    @JsonPropertyDescription("The vault whose keys are backed up, and which keys.")
    BackupSource source,
    @Required
    @JsonPropertyDescription("Where backup blobs are archived.")
    ArchiveDestination archive,
    @Size(max = 10)
    @JsonPropertyDescription("Vaults the backups are restored into; each must be in the source vault's Azure geography and subscription.")
    List<VaultRef> standbyVaults,
    @Default("Skip")
    @JsonPropertyDescription("When a standby vault already holds a key of the same name (possibly soft-deleted): Skip it and report, or Fail the run. Keys are never deleted to make room.")
    RestoreConflictPolicy onRestoreConflict,
    @JsonPropertyDescription("How many archived backups to keep. The newest backup of a key is never removed.")
    RetentionPolicy retention,
    @JsonPropertyDescription("How the operator authenticates to the vaults and the archive. Defaults to workload or managed identity.")
    AzureCredentials azureCredentials,
    @JsonPropertyDescription("The SQL Server Connector's service principal (a Secret in this namespace). When given, standby readiness "
        + "checks after each run that it can wrap and unwrap with each key in each standby vault, as SQL Server would after a failover.")
    ClientSecretRef ekmIdentity,
    @JsonPropertyDescription("Optional restore drill into a scratch vault.")
    RestoreDrill drill) {

  public VaultBackupScheduleSpec {
    if (timeZone == null) timeZone = "UTC";
    if (suspend == null) suspend = false;
    if (concurrencyPolicy == null) concurrencyPolicy = ConcurrencyPolicy.Forbid;
    if (standbyVaults == null) standbyVaults = List.of();
    if (onRestoreConflict == null) onRestoreConflict = RestoreConflictPolicy.Skip;
    if (retention == null) retention = RetentionPolicy.defaults();
    if (azureCredentials == null) azureCredentials = AzureCredentials.defaultChain();
  }

  public enum ConcurrencyPolicy { Forbid }

  public enum RestoreConflictPolicy { Skip, Fail }

  // Declared, so that the component's @ValidationRule stays on the field only: fabric8 collects both.
  @Override
  public String schedule() {
    return schedule;
  }

  @Override
  public String timeZone() {
    return timeZone;
  }
}

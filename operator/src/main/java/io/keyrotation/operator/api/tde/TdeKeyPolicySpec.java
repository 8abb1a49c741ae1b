package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.keyrotation.operator.api.common.AzureCredentials;
import io.keyrotation.operator.api.common.VaultRef;

public record TdeKeyPolicySpec(
    @Required
    @JsonPropertyDescription("The Key Vault that holds the TDE keys.")
    VaultRef vault,
    @Required
    @JsonPropertyDescription("How new keys are made and named.")
    VaultKeySpec key,
    @JsonPropertyDescription("When keys are rotated.")
    RotationSpec rotation,
    @Required
    @JsonPropertyDescription("The SQL Server instance(s) whose databases the key protects.")
    SqlServerTarget sqlServer,
    @Required
    @JsonPropertyDescription("The EKM credential SQL Server uses to reach the vault.")
    EkmCredentialSpec ekmCredential,
    @JsonPropertyDescription("How the operator authenticates to the vault. Defaults to workload or managed identity.")
    AzureCredentials azureCredentials,
    @Default("false")
    @JsonPropertyDescription("Stop starting new rotations; one already running finishes.")
    Boolean suspend,
    @JsonPropertyDescription("Backup before use: the VaultBackupSchedule that must archive each new key before a database "
        + "uses it. Without it, a schedule of this namespace that backs up this vault and selects the new key is used.")
    BackupRequirement backup) {

  public TdeKeyPolicySpec {
    if (rotation == null) rotation = RotationSpec.defaults();
    if (azureCredentials == null) azureCredentials = AzureCredentials.defaultChain();
    if (suspend == null) suspend = false;
  }

  public TdeKeyPolicySpec(VaultRef vault, VaultKeySpec key, RotationSpec rotation, SqlServerTarget sqlServer,
      EkmCredentialSpec ekmCredential, AzureCredentials azureCredentials, Boolean suspend) {
    this(vault, key, rotation, sqlServer, ekmCredential, azureCredentials, suspend, null);
  }

  /** The schedule named in spec.backup.scheduleRef, if any. */
  public java.util.Optional<String> backupScheduleName() {
    return java.util.Optional.ofNullable(backup).map(BackupRequirement::scheduleRef).map(BackupRequirement.ScheduleRef::name);
  }
}

package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.BackupSource.KeySelector;
import io.keyrotation.operator.api.backup.VaultBackupScheduleSpec.RestoreConflictPolicy;
import io.keyrotation.operator.blob.BackupArchive;
import io.keyrotation.operator.keyvault.KeyVaultGateway;
import io.keyrotation.operator.keyvault.ScratchVault;
import io.keyrotation.operator.schedule.IsoDuration;
import java.util.List;
import java.util.Optional;

/** Everything one run talks to and the spec's choices, resolved from the spec before the run advances. */
record BackupTargets(KeyVaultGateway source, List<KeyVaultGateway> standbys, BackupArchive archive, KeySelector selector,
                     int keepLast, Optional<IsoDuration> maxAge, RestoreConflictPolicy onConflict,
                     List<KeyVaultGateway> ekmGateways, Optional<ScratchVault> scratch) {

  /** {@code ekmGateways}: the standbys as the EKM identity sees them, in the same order; empty when the spec names none. */
  BackupTargets {
    if (!ekmGateways.isEmpty() && ekmGateways.size() != standbys.size()) {
      throw new IllegalArgumentException("one EKM gateway per standby vault");
    }
  }

  BackupTargets(KeyVaultGateway source, List<KeyVaultGateway> standbys, BackupArchive archive, KeySelector selector,
                int keepLast, Optional<IsoDuration> maxAge, RestoreConflictPolicy onConflict) {
    this(source, standbys, archive, selector, keepLast, maxAge, onConflict, List.of(), Optional.empty());
  }

  /** The source vault's name as archive paths use it (see {@link io.keyrotation.operator.blob.ArchivePath#vaultName}). */
  String sourceVaultName() {
    return io.keyrotation.operator.blob.ArchivePath.vaultName(source.vaultUrl());
  }
}

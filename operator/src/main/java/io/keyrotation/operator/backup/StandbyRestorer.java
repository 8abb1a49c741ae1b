package io.keyrotation.operator.backup;

import io.keyrotation.operator.blob.ArchivePath;
import io.keyrotation.operator.blob.ArchivedBackup;
import io.keyrotation.operator.keyvault.KeyBackup;
import io.keyrotation.operator.keyvault.KeyVaultGateway;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.util.List;

/**
 * Brings one key into one standby vault from its newest archive: missing there, it is restored;
 * present with the archived versions, it is in sync; present with other versions, or soft-deleted
 * (which blocks the name, DOMAIN.md §3), it is a conflict. Nothing in a standby is ever deleted,
 * purged or overwritten.
 */
final class StandbyRestorer {
  enum Outcome { Restored, InSync, Conflict, Failed }

  private final BackupTargets targets;

  StandbyRestorer(BackupTargets targets) {
    this.targets = targets;
  }

  Outcome restore(KeyVaultGateway standby, String key, RunProgress run) {
    String where = standby.vaultUrl().toString();
    try {
      List<ArchivedBackup> archives = targets.archive().list(targets.sourceVaultName(), key);
      if (archives.isEmpty()) {
        run.problem(key, targets.archive().containerUrl().toString(), "NoArchive", "No archive of this key exists to restore from.");
        return Outcome.Failed;
      }
      ArchivedBackup newest = archives.get(archives.size() - 1);
      if (standby.getKey(key).isPresent()) {
        String standbyHash = ArchivePath.versionsHash(KeyArchiver.versionIds(standby.listVersions(key)));
        if (standbyHash.equals(newest.path().versionsHash())) {
          return Outcome.InSync;
        }
        return conflict(run, key, where, "The standby holds a key of this name with other versions than the newest archive "
            + newest.blobName() + ". Compare the two; the operator never overwrites a standby key.");
      }
      if (standby.findSoftDeletedKey(key).isPresent()) {
        return conflict(run, key, where, "A soft-deleted key of this name blocks the restore. Recover it, or purge it once "
            + "you are sure it is not needed; the operator never purges.");
      }
      byte[] content = targets.archive().read(newest);
      standby.restoreKey(new KeyBackup(targets.source().vaultUrl(), key, content));
      return Outcome.Restored;
    } catch (GatewayException e) {
      if (e.reason() == FailureReason.Conflict) {
        return conflict(run, key, where, e.getMessage());
      }
      run.problem(key, where, e.reason().name(), e.getMessage());
      return Outcome.Failed;
    }
  }

  private Outcome conflict(RunProgress run, String key, String where, String message) {
    run.problem(key, where, FailureReason.Conflict.name(), message);
    return Outcome.Conflict;
  }
}

package io.keyrotation.operator.backup;

import io.keyrotation.operator.blob.ArchivePath;
import io.keyrotation.operator.blob.ArchivedBackup;
import io.keyrotation.operator.keyvault.KeyBackup;
import io.keyrotation.operator.keyvault.VaultKeyInfo;
import io.keyrotation.operator.status.GatewayException;
import java.time.Instant;
import java.util.List;

/**
 * Archives one key for one run. The key's versions are listed (one vault call); when the key's newest
 * archive holds the same versions nothing else is asked of the vault. An archive of the same versions
 * named for this run means this run already archived it (resumed after a stop): counted once, not
 * taken again.
 */
final class KeyArchiver {
  /** "Key Vault backup ... fails for a key with more than 500 versions" (Back up and restore keys, Microsoft Learn). */
  static final int MAX_BACKUP_VERSIONS = 500;

  enum Outcome { BackedUp, Unchanged, Failed }

  private final BackupTargets targets;

  KeyArchiver(BackupTargets targets) {
    this.targets = targets;
  }

  Outcome archive(String key, RunProgress run) {
    String where = targets.source().vaultUrl().toString();
    try {
      List<String> versions = targets.source().listVersions(key).stream().map(v -> v.version().orElseThrow()).toList();
      if (versions.size() > MAX_BACKUP_VERSIONS) {
        run.problem(key, where, "NotBackupable", "The key has " + versions.size() + " versions; Key Vault backs up at most "
            + MAX_BACKUP_VERSIONS + ". Nothing was archived for it; keep fewer versions (rotate to a new key name) to back it up.");
        return Outcome.Failed;
      }
      String hash = ArchivePath.versionsHash(versions);
      Instant runTime = run.scheduledInstant();
      List<ArchivedBackup> archives = targets.archive().list(targets.sourceVaultName(), key);
      if (!archives.isEmpty() && archives.get(archives.size() - 1).path().versionsHash().equals(hash)) {
        return archives.get(archives.size() - 1).path().takenAt().equals(runTime) ? Outcome.BackedUp : Outcome.Unchanged;
      }
      where = targets.archive().containerUrl().toString();
      KeyBackup backup = targets.source().backupKey(key);
      targets.archive().store(targets.sourceVaultName(), backup, versions, runTime);
      return Outcome.BackedUp;
    } catch (GatewayException e) {
      run.problem(key, where, e.reason().name(), e.getMessage());
      return Outcome.Failed;
    }
  }

  static List<String> versionIds(List<VaultKeyInfo> versions) {
    return versions.stream().map(v -> v.version().orElseThrow()).toList();
  }
}

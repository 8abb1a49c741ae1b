package io.keyrotation.operator.backup;

import io.keyrotation.operator.blob.ArchivePath;
import io.keyrotation.operator.blob.ArchivedBackup;
import io.keyrotation.operator.keyvault.KeyBackup;
import io.keyrotation.operator.keyvault.VaultKeyInfo;
import io.keyrotation.operator.status.GatewayException;
import java.time.Instant;
import io.keyrotation.operator.status.FailureReason;
import java.util.List;
import java.util.Map;

/**
 * Archives one key for one run. The key's versions are listed (one vault call); when the key's newest
 * archive holds the same versions nothing else is asked of the vault. An archive of the same versions
 * named for this run means this run already archived it (resumed after a stop): counted once, not
 * taken again. A selected key gone from the source (the listing of the run's start found only its archive)
 * is reported as {@code MissingAtSource}: nothing can be archived for it, and the restore step still brings
 * its newest archive into the standbys that lack it.
 */
final class KeyArchiver {
  /** "Key Vault backup ... fails for a key with more than 500 versions" (Back up and restore keys, Microsoft Learn). */
  static final int MAX_BACKUP_VERSIONS = 500;

  static final String MISSING_AT_SOURCE = "MissingAtSource";

  enum Outcome { BackedUp, Unchanged, MissingAtSource, Failed }

  private final BackupTargets targets;

  KeyArchiver(BackupTargets targets) {
    this.targets = targets;
  }

  Outcome archive(String key, RunProgress run) {
    String where = targets.source().vaultUrl().toString();
    try {
      List<VaultKeyInfo> listed;
      try {
        listed = targets.source().listVersions(key);
      } catch (GatewayException e) {
        if (e.reason() == FailureReason.NotFound && missingAtSource(key, run)) {
          return Outcome.MissingAtSource;
        }
        throw e;
      }
      List<String> versions = versionIds(listed);
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
      Map<String, String> tags = listed.isEmpty() ? Map.of() : listed.get(listed.size() - 1).tags();
      targets.archive().store(targets.sourceVaultName(), backup, versions, tags, runTime);
      return Outcome.BackedUp;
    } catch (GatewayException e) {
      run.problem(key, where, e.reason().name(), e.getMessage());
      return Outcome.Failed;
    }
  }

  private boolean missingAtSource(String key, RunProgress run) {
    List<ArchivedBackup> archives = targets.archive().list(targets.sourceVaultName(), key);
    if (archives.isEmpty()) {
      return false;
    }
    run.problem(key, targets.source().vaultUrl().toString(), MISSING_AT_SOURCE, "The source vault no longer has this key "
        + "(deleted, or purged); its newest archive " + archives.get(archives.size() - 1).blobName() + " is kept and restored "
        + "into standby vaults that lack it. Recover it in the source if it is soft-deleted (Recover-AzKeyVaultKey), or "
        + "restore that archive into the source once its name is free; until then nothing new is archived for it.");
    return true;
  }

  static List<String> versionIds(List<VaultKeyInfo> versions) {
    return versions.stream().map(v -> v.version().orElseThrow()).toList();
  }
}

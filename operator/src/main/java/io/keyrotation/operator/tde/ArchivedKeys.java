package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleSpec;
import io.keyrotation.operator.blob.ArchivePath;
import io.keyrotation.operator.blob.ArchivedBackup;
import io.keyrotation.operator.blob.BackupArchive;
import io.keyrotation.operator.blob.BackupArchives;
import io.keyrotation.operator.config.CredentialsResolver;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether a schedule's archive holds a verified backup of one key version, read from Blob Storage itself
 * (not from the schedule's status): listed under the schedule's container and prefix with the schedule's
 * identity, matched on the versions in the blob's metadata, and read back against its recorded SHA-256.
 */
public final class ArchivedKeys {
  private final BackupArchives archives;
  private final CredentialsResolver credentials;

  public ArchivedKeys(BackupArchives archives, CredentialsResolver credentials) {
    this.archives = archives;
    this.credentials = credentials;
  }

  /**
   * @param currentVersions the key's versions in the vault now; asked only when an archive's metadata is too
   *     long to list them (it then has only their hash)
   */
  Optional<ArchivedBackup> find(VaultBackupSchedule schedule, String key, String version, Supplier<List<String>> currentVersions) {
    VaultBackupScheduleSpec spec = schedule.getSpec();
    BackupArchive archive = archives.archiveFor(URI.create(spec.archive().blob().containerUrl()), spec.archive().blob().prefix(),
        credentials.azureIdentity(schedule.getMetadata().getNamespace(), spec.azureCredentials()));
    List<ArchivedBackup> found = archive.list(ArchivePath.vaultName(URI.create(spec.source().vault().url())), key);
    for (int i = found.size() - 1; i >= 0; i--) {
      ArchivedBackup candidate = found.get(i);
      if (holds(candidate, version, currentVersions)) {
        archive.read(candidate); // throws when length or SHA-256 do not verify: then it is no backup
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean holds(ArchivedBackup archived, String version, Supplier<List<String>> currentVersions) {
    if (archived.versions().contains(version)) {
      return true;
    }
    if (!archived.versions().isEmpty() || archived.versionCount() == 0) {
      return false;
    }
    List<String> now = currentVersions.get();
    return now.contains(version) && ArchivePath.versionsHash(now).equals(archived.path().versionsHash());
  }
}

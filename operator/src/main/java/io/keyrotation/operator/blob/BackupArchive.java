package io.keyrotation.operator.blob;

import io.keyrotation.operator.keyvault.KeyBackup;
import io.keyrotation.operator.status.GatewayException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Blob container that holds key backups, as one identity. Every failure is a {@link GatewayException}.
 * Nothing is overwritten: storing under a name that exists succeeds only when the stored content is the
 * same (a run resumed after a crash), and fails as {@code Conflict} otherwise.
 */
public interface BackupArchive {

  URI containerUrl();

  /**
   * Uploads the backup to its stable path and verifies it by reading it back (length and SHA-256);
   * a blob that does not verify is reported as {@code Unavailable} and never counted as archived.
   */
  ArchivedBackup store(String vault, KeyBackup backup, List<String> versions, Map<String, String> tags, Instant takenAt);

  /** As above, for a key without tags. */
  default ArchivedBackup store(String vault, KeyBackup backup, List<String> versions, Instant takenAt) {
    return store(vault, backup, versions, Map.of(), takenAt);
  }

  /**
   * The names of the keys of {@code vault} that have an archive folder, sorted: what a run still knows
   * of keys that the source vault lost.
   */
  List<String> archivedKeys(String vault);

  /** The key's archives, oldest first; blobs not named by {@link ArchivePath} are ignored. */
  List<ArchivedBackup> list(String vault, String key);

  /** The content, verified against the SHA-256 recorded in the blob's metadata. */
  byte[] read(ArchivedBackup archive);

  /** Deletes one archive: used only by retention, which never passes a key's newest archive. */
  void delete(ArchivedBackup archive);
}

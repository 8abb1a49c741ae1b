package io.keyrotation.operator.blob;

import java.util.List;
import java.util.Map;

/**
 * One archived key backup as listed: where it is, the key versions it holds (the list is in the blob's
 * metadata when it fits Azure's 8 KiB metadata limit; the hash always is), the SHA-256 of its content,
 * its length, and the key's tags when it was archived (empty for archives taken before tags were recorded).
 */
public record ArchivedBackup(ArchivePath path, List<String> versions, int versionCount, String contentSha256, long length,
                             Map<String, String> tags) {
  public ArchivedBackup {
    versions = List.copyOf(versions);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  public ArchivedBackup(ArchivePath path, List<String> versions, int versionCount, String contentSha256, long length) {
    this(path, versions, versionCount, contentSha256, length, Map.of());
  }

  public String blobName() {
    return path.blobName();
  }
}

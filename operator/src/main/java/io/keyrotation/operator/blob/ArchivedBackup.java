package io.keyrotation.operator.blob;

import java.util.List;

/**
 * One archived key backup as listed: where it is, the key versions it holds (the list is in the blob's
 * metadata when it fits Azure's 8 KiB metadata limit; the hash always is), the SHA-256 of its content
 * and its length.
 */
public record ArchivedBackup(ArchivePath path, List<String> versions, int versionCount, String contentSha256, long length) {
  public ArchivedBackup {
    versions = List.copyOf(versions);
  }

  public String blobName() {
    return path.blobName();
  }
}

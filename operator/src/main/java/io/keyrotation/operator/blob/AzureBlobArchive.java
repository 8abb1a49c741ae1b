package io.keyrotation.operator.blob;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import io.keyrotation.operator.keyvault.KeyBackup;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link BackupArchive} over {@code azure-storage-blob}. */
final class AzureBlobArchive implements BackupArchive {
  // "The total size of the metadata, including both the name and value together, may not exceed 8 KB"
  // (Set Blob Metadata, Microsoft Learn): the version list goes in only when it leaves room for the rest.
  private static final int MAX_VERSIONS_METADATA = 6000;

  private final BlobContainerClient container;
  private final URI containerUrl;
  private final String prefix;
  private final BlobErrors errors;

  AzureBlobArchive(BlobContainerClient container, URI containerUrl, String prefix) {
    this.container = container;
    this.containerUrl = containerUrl;
    this.prefix = prefix;
    this.errors = new BlobErrors(containerUrl);
  }

  @Override
  public URI containerUrl() {
    return containerUrl;
  }

  @Override
  public ArchivedBackup store(String vault, KeyBackup backup, List<String> versions, Map<String, String> tags, Instant takenAt) {
    ArchivePath path = new ArchivePath(prefix, vault, backup.keyName(), takenAt, ArchivePath.versionsHash(versions));
    byte[] content = backup.blob();
    String sha256 = HexFormat.of().formatHex(ArchivePath.sha256(content));
    BlobClient blob = container.getBlobClient(path.blobName());
    try {
      blob.uploadWithResponse(new BlobParallelUploadOptions(BinaryData.fromBytes(content))
              .setMetadata(metadata(vault, backup.keyName(), versions, tags, sha256))
              .setHeaders(new BlobHttpHeaders().setContentType("application/octet-stream").setContentMd5(md5(content)))
              .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")),
          null, Context.NONE);
    } catch (BlobStorageException e) {
      if (!BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode()) && e.getStatusCode() != 409 && e.getStatusCode() != 412) {
        throw errors.classify(e, "archive key '" + backup.keyName() + "'");
      }
      // The same key with the same versions was archived under this run's time already (a resumed run):
      // keep that blob, provided it is intact.
    } catch (RuntimeException e) {
      throw errors.classify(e, "archive key '" + backup.keyName() + "'");
    }
    ArchivedBackup stored = describe(path, blob);
    read(stored);
    return stored;
  }

  @Override
  public List<ArchivedBackup> list(String vault, String key) {
    String folder = ArchivePath.keyFolder(prefix, vault, key);
    try {
      List<ArchivedBackup> found = new ArrayList<>();
      ListBlobsOptions options = new ListBlobsOptions().setPrefix(folder).setDetails(new BlobListDetails().setRetrieveMetadata(true));
      for (BlobItem item : container.listBlobs(options, null)) {
        Optional<ArchivePath> path = ArchivePath.parse(prefix, vault, key, item.getName());
        if (path.isPresent() && !Boolean.TRUE.equals(item.isDeleted())) {
          found.add(fromMetadata(path.get(), lowerCase(item.getMetadata()), item.getProperties().getContentLength()));
        }
      }
      found.sort(Comparator.comparing(ArchivedBackup::blobName));
      return found;
    } catch (RuntimeException e) {
      throw errors.classify(e, "list the archives of key '" + key + "'");
    }
  }

  @Override
  public List<String> archivedKeys(String vault) {
    String vaultFolder = ArchivePath.vaultFolder(prefix, vault);
    try {
      List<String> keys = new ArrayList<>();
      for (BlobItem item : container.listBlobsByHierarchy("/", new ListBlobsOptions().setPrefix(vaultFolder), null)) {
        if (Boolean.TRUE.equals(item.isPrefix()) && item.getName().startsWith(vaultFolder)) {
          String key = item.getName().substring(vaultFolder.length()).replaceAll("/+$", "");
          if (!key.isEmpty()) {
            keys.add(key);
          }
        }
      }
      keys.sort(String.CASE_INSENSITIVE_ORDER);
      return keys;
    } catch (RuntimeException e) {
      throw errors.classify(e, "list the archived keys of vault '" + vault + "'");
    }
  }

  @Override
  public byte[] read(ArchivedBackup archive) {
    byte[] content;
    try {
      content = container.getBlobClient(archive.blobName()).downloadContent().toBytes();
    } catch (RuntimeException e) {
      throw errors.classify(e, "read archive " + archive.blobName());
    }
    String actual = HexFormat.of().formatHex(ArchivePath.sha256(content));
    if (content.length != archive.length() || !actual.equalsIgnoreCase(archive.contentSha256())) {
      throw new GatewayException(FailureReason.Unavailable, "Archive " + archive.blobName() + " in " + containerUrl
          + " does not verify: " + content.length + " bytes with SHA-256 " + actual + ", its metadata says " + archive.length()
          + " bytes with SHA-256 " + archive.contentSha256() + ". It is not counted as a backup.");
    }
    return content;
  }

  @Override
  public void delete(ArchivedBackup archive) {
    try {
      container.getBlobClient(archive.blobName()).delete();
    } catch (BlobStorageException e) {
      if (e.getStatusCode() != 404) {
        throw errors.classify(e, "delete expired archive " + archive.blobName());
      }
    } catch (RuntimeException e) {
      throw errors.classify(e, "delete expired archive " + archive.blobName());
    }
  }

  private ArchivedBackup describe(ArchivePath path, BlobClient blob) {
    try {
      var properties = blob.getProperties();
      return fromMetadata(path, lowerCase(properties.getMetadata()), properties.getBlobSize());
    } catch (RuntimeException e) {
      throw errors.classify(e, "read the properties of archive " + path.blobName());
    }
  }

  private static ArchivedBackup fromMetadata(ArchivePath path, Map<String, String> metadata, long length) {
    String listed = metadata.getOrDefault("versions", "");
    List<String> versions = listed.isEmpty() ? List.of() : Arrays.asList(listed.split(","));
    int count = Integer.parseInt(metadata.getOrDefault("versioncount", Integer.toString(versions.size())));
    return new ArchivedBackup(path, versions, count, metadata.getOrDefault("sha256", ""), length,
        KeyTagsMetadata.decode(metadata.get(KeyTagsMetadata.NAME)));
  }

  private static Map<String, String> metadata(String vault, String key, List<String> versions, Map<String, String> tags,
                                              String sha256) {
    Map<String, String> metadata = new HashMap<>();
    metadata.put("vault", vault);
    metadata.put("key", key);
    metadata.put("versionshash", ArchivePath.versionsHash(versions));
    metadata.put("versioncount", Integer.toString(versions.size()));
    metadata.put("sha256", sha256);
    String joined = String.join(",", versions);
    if (joined.length() <= MAX_VERSIONS_METADATA) {
      metadata.put("versions", joined);
    }
    KeyTagsMetadata.encode(tags).ifPresent(encoded -> metadata.put(KeyTagsMetadata.NAME, encoded));
    return metadata;
  }

  private static Map<String, String> lowerCase(Map<String, String> metadata) {
    Map<String, String> result = new HashMap<>();
    if (metadata != null) {
      metadata.forEach((k, v) -> result.put(k.toLowerCase(java.util.Locale.ROOT), v));
    }
    return result;
  }

  private static byte[] md5(byte[] content) {
    try {
      return MessageDigest.getInstance("MD5").digest(content);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package io.keyrotation.operator.backup;

import io.keyrotation.operator.blob.ArchivedBackup;
import io.keyrotation.operator.blob.BackupArchive;
import io.keyrotation.operator.keyvault.KeyBackup;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * The real archive, with a switch that makes the storage account go away after a number of
 * uploads, as an outage in the middle of a run would: every call then fails as Unavailable.
 */
final class ArchiveOutage implements BackupArchive {
  private final BackupArchive real;
  private int uploadsBeforeOutage;
  private boolean down;

  ArchiveOutage(BackupArchive real, int uploadsBeforeOutage) {
    this.real = real;
    this.uploadsBeforeOutage = uploadsBeforeOutage;
  }

  void end() {
    down = false;
    uploadsBeforeOutage = Integer.MAX_VALUE;
  }

  private void check() {
    if (down) {
      throw new GatewayException(FailureReason.Unavailable, "Cannot reach Blob container " + real.containerUrl() + " (outage)");
    }
  }

  @Override
  public URI containerUrl() {
    return real.containerUrl();
  }

  @Override
  public ArchivedBackup store(String vault, KeyBackup backup, List<String> versions, java.util.Map<String, String> tags,
                              Instant takenAt) {
    check();
    if (uploadsBeforeOutage-- <= 0) {
      down = true;
      check();
    }
    return real.store(vault, backup, versions, tags, takenAt);
  }

  @Override
  public List<String> archivedKeys(String vault) {
    check();
    return real.archivedKeys(vault);
  }

  @Override
  public List<ArchivedBackup> list(String vault, String key) {
    check();
    return real.list(vault, key);
  }

  @Override
  public byte[] read(ArchivedBackup archive) {
    check();
    return real.read(archive);
  }

  @Override
  public void delete(ArchivedBackup archive) {
    check();
    real.delete(archive);
  }
}

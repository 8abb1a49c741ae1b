package io.keyrotation.operator.keyvault;

import java.net.URI;

/** A key's backup blob (opaque, all versions) and where it came from. Restores under {@code keyName} only. */
public record KeyBackup(URI sourceVault, String keyName, byte[] blob) {
  public KeyBackup {
    blob = blob.clone();
  }

  @Override
  public byte[] blob() {
    return blob.clone();
  }
}

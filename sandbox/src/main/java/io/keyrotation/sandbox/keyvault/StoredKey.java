package io.keyrotation.sandbox.keyvault;

import java.time.Instant;
import java.util.List;

/** A key's name, all its versions (oldest first) and, when soft-deleted, when and until when. */
public record StoredKey(String name, List<KeyVersion> versions, Instant deletedOn, Instant scheduledPurgeDate) {

  public StoredKey {
    versions = List.copyOf(versions);
  }

  public KeyVersion latest() {
    return versions.get(versions.size() - 1);
  }

  public boolean isDeleted() {
    return deletedOn != null;
  }
}

package io.keyrotation.operator.backup;

import io.keyrotation.operator.blob.ArchivedBackup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which of one key's archives retention removes: those beyond the newest {@code keepLast}, and those
 * older than {@code maxAge}; never the newest. Pure; the archives come oldest first.
 */
final class RetentionPlan {
  private RetentionPlan() {}

  /** {@code cutoff}: archives taken before it are older than {@code maxAge}. */
  static List<ArchivedBackup> toDelete(List<ArchivedBackup> oldestFirst, int keepLast, Optional<Instant> cutoff) {
    List<ArchivedBackup> delete = new ArrayList<>();
    int count = oldestFirst.size();
    for (int i = 0; i < count - 1; i++) {
      ArchivedBackup archive = oldestFirst.get(i);
      int newerThanThis = count - 1 - i;
      boolean beyondKeepLast = newerThanThis >= keepLast;
      boolean tooOld = cutoff.isPresent() && archive.path().takenAt().isBefore(cutoff.get());
      if (beyondKeepLast || tooOld) {
        delete.add(archive);
      }
    }
    return delete;
  }
}

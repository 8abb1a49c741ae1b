package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.BackupRun;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.RunResult;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.KeyOutcome;
import io.keyrotation.operator.status.EventRecorder;
import java.util.List;

/**
 * The Event each run ends with: its result and counts. Its type, reason and message are those of the Ready condition
 * the run leaves, so that the StatusWriter's Event for that condition is the same Event, recorded once
 * ({@link EventRecorder} names an Event after the resource version, reason and message); and a completion repeated
 * after its status write was lost (a 409) runs at the same version with the same counts, so it is not told twice.
 */
final class RunEvents {
  private RunEvents() {}

  static void completed(EventRecorder events, VaultBackupSchedule schedule, BackupRun run) {
    String message = summary(run);
    switch (run.result()) {
      case Succeeded -> events.normal(schedule, "BackupSucceeded", message);
      case PartiallyFailed -> events.warning(schedule, "BackupPartiallyFailed", message);
      default -> events.warning(schedule, "BackupFailed", message);
    }
    List<String> lost = run.problems().stream().filter(p -> KeyArchiver.MISSING_AT_SOURCE.equals(p.reason()))
        .map(KeyOutcome::key).toList();
    if (!lost.isEmpty()) {
      events.warning(schedule, "KeysMissingAtSource", "The source vault no longer has " + String.join(", ", lost)
          + ": restored from their newest archives into the standby vaults that lacked them; see status.lastRun.problems "
          + "to bring them back at the source.");
    }
  }

  static String summary(BackupRun run) {
    String counts = "Run for " + run.scheduledTime() + " (" + run.trigger() + "): " + run.keysBackedUp() + " backed up, "
        + run.keysUnchanged() + " unchanged, " + run.keysRestored() + " restored, " + run.keysInSync() + " in sync, "
        + run.keysConflict() + " conflict, " + run.keysFailed() + " failed"
        + (run.keysMissingAtSource() == null || run.keysMissingAtSource() == 0 ? "" : ", " + run.keysMissingAtSource()
            + " missing at the source") + ".";
    if (run.result() == RunResult.Succeeded || run.problems().isEmpty()) {
      return counts;
    }
    var first = run.problems().get(0);
    return counts + " First problem: key " + first.key() + " (" + first.reason() + "): " + first.message();
  }
}

package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.DrillIntent;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.DrillOutcome;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.DrillResult;
import io.keyrotation.operator.blob.ArchivedBackup;
import io.keyrotation.operator.schedule.CronSchedule;
import io.keyrotation.operator.status.EventRecorder;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Restore drills between backup runs: when the drill schedule is due, the next key in turn (never
 * drilled first, then the longest ago) is chosen with its newest archive and recorded as the active
 * drill; the following reconcile performs it ({@link DrillRunner}) and records the result.
 */
final class DrillScheduling {
  private final Clock clock;
  private final EventRecorder events;

  DrillScheduling(Clock clock, EventRecorder events) {
    this.clock = clock;
    this.events = events;
  }

  /** Advances drills; returns when to look again for them (empty: nothing drill-related is pending). */
  Optional<Instant> advance(VaultBackupSchedule schedule, VaultBackupScheduleStatusBuilder status,
                            Supplier<BackupTargets> targets, Instant createdAt) {
    var drill = schedule.getSpec().drill();
    Instant now = clock.instant();
    if (drill == null) {
      return Optional.empty();
    }
    CronSchedule cron = CronSchedule.parse(drill.schedule(), schedule.getSpec().timeZone());
    Optional<DrillIntent> active = status.activeDrill();
    if (active.isPresent()) {
      DrillResult result = new DrillRunner(clock).drill(active.get(), targets.get());
      status.completeDrill(result);
      if (result.result() == DrillOutcome.Passed) {
        events.normal(schedule, "DrillPassed", "Key " + result.key() + ": " + result.message());
      } else {
        events.warning(schedule, "DrillFailed", "Key " + result.key() + ": " + result.message());
      }
      return cron.nextAfter(now);
    }
    Instant after = status.lastDrillScheduleTime().filter(t -> t.isAfter(createdAt)).orElse(createdAt);
    Optional<Instant> due = cron.lastAtOrBefore(now).filter(t -> t.isAfter(after));
    if (due.isEmpty()) {
      return cron.nextAfter(now);
    }
    BackupTargets resolved = targets.get();
    for (String key : keysInTurn(status)) {
      List<ArchivedBackup> archives = resolved.archive().list(resolved.sourceVaultName(), key);
      if (!archives.isEmpty()) {
        status.startDrill(new DrillIntent(key, resolved.scratch().orElseThrow().keys().vaultUrl().toString(),
            archives.get(archives.size() - 1).blobName(), due.get().toString()));
        return Optional.of(now);
      }
    }
    status.skipDrill(due.get());
    return cron.nextAfter(now);
  }

  private static List<String> keysInTurn(VaultBackupScheduleStatusBuilder status) {
    List<String> keys = status.lastRunKeys();
    Comparator<String> byLastDrill = Comparator.comparing((String k) -> status.drills().stream()
        .filter(d -> d.key().equals(k)).map(DrillResult::time).findFirst().orElse(""));
    return keys.stream().sorted(byLastDrill.thenComparing(Comparator.naturalOrder())).toList();
  }
}

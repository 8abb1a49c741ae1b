package io.keyrotation.operator.tde;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.keyrotation.operator.PruningStore;
import io.keyrotation.operator.api.backup.BackupSource;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleSpec;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.BackupRun;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.KeyOutcome;
import io.keyrotation.operator.api.common.VaultRef;
import io.keyrotation.operator.backup.VaultBackupScheduleReconciler;
import io.keyrotation.operator.status.ConditionSet;
import java.util.List;
import java.util.Map;

/**
 * The store of the policies' VaultBackupSchedules informer. A policy reads a schedule for backup before
 * use only: which schedule covers a new key ({@link BackupCoverage}: name, creation and deletion time,
 * the source vault's URL and key selection), where it archives ({@link ArchivedKeys}: spec.archive,
 * spec.azureCredentials), and how its runs went ({@link BackupBeforeUse}: the backup-now annotation,
 * status.lastManualTrigger, whether a run is active, the last run's result, selected keys and problems,
 * the Ready condition); so that is all kept of each. The rest (the cron schedule, standby vaults,
 * retention, drills, standby readiness, the other conditions and annotations, managedFields) is not.
 */
final class BackupBeforeUseStore extends PruningStore<VaultBackupSchedule> {
  @Override
  protected VaultBackupSchedule prune(VaultBackupSchedule schedule) {
    return whatPoliciesRead(schedule);
  }

  /** What the TdeKeyPolicy controller needs of a VaultBackupSchedule. */
  static VaultBackupSchedule whatPoliciesRead(VaultBackupSchedule schedule) {
    VaultBackupSchedule kept = new VaultBackupSchedule();
    kept.setMetadata(identity(schedule.getMetadata(), VaultBackupScheduleReconciler.BACKUP_NOW));
    kept.getMetadata().setCreationTimestamp(schedule.getMetadata().getCreationTimestamp());
    kept.getMetadata().setDeletionTimestamp(schedule.getMetadata().getDeletionTimestamp());
    VaultBackupScheduleSpec spec = schedule.getSpec();
    if (spec != null) {
      BackupSource source = spec.source() == null ? null : new BackupSource(
          spec.source().vault() == null ? null : new VaultRef(spec.source().vault().url(), null, null), spec.source().keys());
      kept.setSpec(new VaultBackupScheduleSpec(null, null, null, null, null, source, spec.archive(), null, null, null,
          spec.azureCredentials(), null, null));
    }
    VaultBackupScheduleStatus status = schedule.getStatus();
    if (status != null) {
      kept.setStatus(new VaultBackupScheduleStatus(null, ready(status.conditions()), null, null, null,
          active(status.activeRun()), outcome(status.lastRun()), status.lastManualTrigger(), null, null, null, null, null, null));
    }
    return kept;
  }

  private static List<Condition> ready(List<Condition> conditions) {
    return conditions == null ? null : conditions.stream().filter(c -> ConditionSet.READY.equals(c.getType()))
        .map(BackupBeforeUseStore::typeStatusReason).toList();
  }

  private static Condition typeStatusReason(Condition condition) {
    Condition kept = new ConditionBuilder().withType(condition.getType()).withStatus(condition.getStatus())
        .withReason(condition.getReason()).build();
    kept.setAdditionalProperties(Map.of());
    return kept;
  }

  private static BackupRun active(BackupRun run) {
    return run == null ? null
        : new BackupRun(run.scheduledTime(), null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
            null, null);
  }

  private static BackupRun outcome(BackupRun run) {
    if (run == null) {
      return null;
    }
    List<KeyOutcome> problems = run.problems() == null ? null
        : run.problems().stream().map(p -> new KeyOutcome(p.key(), null, p.reason(), p.message())).toList();
    return new BackupRun(null, null, null, null, run.result(), null, run.selectedKeys(), null, null, null, null, null, null, null,
        null, null, null, problems);
  }
}

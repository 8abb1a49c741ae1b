package io.keyrotation.operator.backup;

import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import java.util.Objects;

/**
 * Reconcile on a spec change (new generation) or a new {@code keyrotation.io/backup-now} value, which
 * does not change the generation (`kubectl annotate` must run a backup at once, not at the next wake-up);
 * the controller's own status writes do not wake it (it reschedules itself between batches).
 */
public class SpecOrBackupNowChanged implements OnUpdateFilter<VaultBackupSchedule> {
  @Override
  public boolean accept(VaultBackupSchedule updated, VaultBackupSchedule old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(backupNow(updated), backupNow(old))
        || updated.getMetadata().getDeletionTimestamp() != null;
  }

  private static String backupNow(VaultBackupSchedule schedule) {
    var annotations = schedule.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(VaultBackupScheduleReconciler.BACKUP_NOW);
  }
}

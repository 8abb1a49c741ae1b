package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus;
import io.keyrotation.operator.status.ConditionSet;
import java.time.Clock;

/** Builds the next VaultBackupSchedule status from the current one; owns observedGeneration and conditions. */
public final class VaultBackupScheduleStatusBuilder {
  private final VaultBackupScheduleStatus current;
  private final long generation;
  private final ConditionSet conditions;

  public VaultBackupScheduleStatusBuilder(VaultBackupScheduleStatus current, long generation, Clock clock) {
    this.current = current == null ? VaultBackupScheduleStatus.empty() : current;
    this.generation = generation;
    this.conditions = new ConditionSet(this.current.conditions(), generation, clock);
  }

  public ConditionSet conditions() {
    return conditions;
  }

  public VaultBackupScheduleStatus build() {
    return new VaultBackupScheduleStatus(generation, conditions.list(), current.lastScheduleTime(),
        current.lastSuccessfulTime(), current.nextScheduleTime(), current.activeRun(), current.lastRun(),
        current.lastManualTrigger());
  }
}

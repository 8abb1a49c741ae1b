package io.keyrotation.operator.tde;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;

/**
 * The new key cannot be used yet because its backup is missing: the schedule is missing, does not cover
 * it, or its run did not archive it. {@code condition} is the Ready/Degraded reason; {@code reason} drives
 * the retry.
 */
final class BackupBlocked extends GatewayException {
  static final String BACKUP_FAILED = "BackupFailed";

  private final String condition;

  BackupBlocked(FailureReason reason, String condition, String message) {
    super(reason, message);
    this.condition = condition;
  }

  String condition() {
    return condition;
  }
}

package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.BackupRun;
import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.KeyRotationProgress.BackupWait;
import io.keyrotation.operator.api.tde.RotationStep;
import io.keyrotation.operator.backup.VaultBackupScheduleReconciler;
import io.keyrotation.operator.blob.ArchivedBackup;
import io.keyrotation.operator.keyvault.VaultKeyInfo;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Step AwaitBackup: no database is re-encrypted with a new key before the VaultBackupSchedule that covers
 * it has archived a verified backup holding its version. The request (a new keyrotation.io/backup-now
 * value) is recorded in status before the schedule is annotated, so a restart asks at most once more with
 * the same value. A run that ends without the backup blocks the rotation (Degraded) and is asked for again
 * after a backoff; the new key is kept either way.
 */
final class BackupBeforeUse {
  private final ArchivedKeys archived;
  private final BackupRequests requests;

  BackupBeforeUse(ArchivedKeys archived, BackupRequests requests) {
    this.archived = archived;
    this.requests = requests;
  }

  /** What this reconcile did: the progress to record, an Event, and (while waiting) what the policy waits for. */
  record Outcome(KeyRotationProgress progress, String eventReason, String eventMessage, String awaiting) {}

  Outcome run(RotationContext ctx, KeyRotationProgress progress) {
    String key = progress.targetKeyName();
    BackupCoverage.Result coverage = BackupCoverage.find(ctx.spec(), ctx.policy().getMetadata().getNamespace(), ctx.schedules(),
        key, VaultKeyStep.tags(ctx, progress));
    BackupWait wait = progress.backup();
    if (coverage instanceof BackupCoverage.Refused refused) {
      throw new BackupBlocked(FailureReason.NotFound, refused.reason(), refused.message());
    }
    if (coverage instanceof BackupCoverage.NotCovered) {
      if (wait != null && wait.schedule() != null) {
        throw new BackupBlocked(FailureReason.NotFound, BackupCoverage.NOT_FOUND, "VaultBackupSchedule " + wait.schedule()
            + ", which covered key " + key + ", is gone or no longer covers it; the rotation waits for a backup of the key "
            + "and will not use it without one. Recreate the schedule (the key is kept, unused).");
      }
      return new Outcome(progress.atStep(RotationStep.RegisterOnInstances), null, null, null);
    }
    VaultBackupSchedule schedule = ((BackupCoverage.Covered) coverage).schedule();
    String name = schedule.getMetadata().getName();
    if (wait == null || !name.equals(wait.schedule())) {
      BackupWait first = new BackupWait(name, requestValue(ctx, progress, 1), 1, null);
      return new Outcome(progress.withBackup(first), null, null, "Asking VaultBackupSchedule " + name + " for a backup of " + key + ".");
    }
    VaultBackupScheduleStatus status = schedule.getStatus();
    String handled = status == null ? null : status.lastManualTrigger();
    String annotation = annotation(schedule);
    boolean otherPending = annotation != null && !annotation.isBlank() && !annotation.equals(handled)
        && !annotation.equals(wait.request());
    if (!wait.request().equals(handled) && !wait.request().equals(annotation) && !otherPending) {
      // Asked first, before the archive is looked at: a failure to read it must not keep the backup from being made.
      requests.ask(schedule, wait.request());
      return new Outcome(progress, "BackupRequested", "Asked VaultBackupSchedule " + name + " for a backup of key " + key
          + " (" + VaultBackupScheduleReconciler.BACKUP_NOW + "=" + wait.request() + ").", awaiting(name, key, schedule));
    }
    Optional<ArchivedBackup> found;
    try {
      found = archived.find(schedule, key, progress.targetKeyVersion(),
          () -> ctx.gateways().vault().listVersions(key).stream().map(VaultKeyInfo::version).flatMap(Optional::stream).toList());
    } catch (BackupBlocked e) {
      throw e;
    } catch (GatewayException e) {
      throw new BackupBlocked(e.reason(), BackupBlocked.BACKUP_FAILED, "The backup of key " + key + " by VaultBackupSchedule "
          + name + " cannot be verified: " + e.getMessage() + " The rotation waits: no database uses " + key
          + " before its backup is archived, and the key is kept.");
    }
    if (found.isPresent()) {
      BackupWait done = new BackupWait(name, wait.request(), wait.requests(), found.get().blobName());
      return new Outcome(progress.withBackup(done).atStep(RotationStep.RegisterOnInstances), "KeyBackupArchived",
          "VaultBackupSchedule " + name + " archived key " + key + " (" + found.get().blobName() + ", verified); the rotation goes on.",
          null);
    }
    boolean running = status != null && status.activeRun() != null && status.activeRun().scheduledTime() != null;
    if (wait.request().equals(handled) && !running) {
      if (progress.nextAttemptTime() != null) {
        // The backoff after the failed run has passed: ask once more, with a new value.
        BackupWait again = new BackupWait(name, requestValue(ctx, progress, wait.requests() + 1), wait.requests() + 1, null);
        return new Outcome(progress.withBackup(again).withFailure(progress.lastFailureReason(),
            progress.failedAttempts() == null ? 1 : progress.failedAttempts(), null, null, null), null, null,
            "Asking VaultBackupSchedule " + name + " again for a backup of " + key + ".");
      }
      throw new BackupBlocked(FailureReason.Unavailable, BackupBlocked.BACKUP_FAILED, "VaultBackupSchedule " + name
          + " ran for this rotation's request but archived no backup of key " + key + " (" + describe(status.lastRun(), key)
          + "). The rotation waits: no database uses " + key + " before its backup, and the key is kept; it asks again later.");
    }
    return new Outcome(progress, null, null, awaiting(name, key, schedule));
  }

  private static String awaiting(String name, String key, VaultBackupSchedule schedule) {
    var ready = schedule.getStatus() == null || schedule.getStatus().conditions() == null ? null
        : schedule.getStatus().conditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
    String state = ready == null ? "" : " The schedule is Ready=" + ready.getStatus() + " (" + ready.getReason() + ").";
    return "Waiting for VaultBackupSchedule " + name + " to archive a backup of key " + key
        + "; no database is re-encrypted with it before." + state;
  }

  /** Identifies the policy, the key and its version, and the attempt; new for each request. */
  private static String requestValue(RotationContext ctx, KeyRotationProgress progress, int attempt) {
    String version = progress.targetKeyVersion() == null ? "" : progress.targetKeyVersion();
    return "tdekeypolicy/" + ctx.policy().getMetadata().getName() + "/" + progress.targetKeyName() + "/"
        + version.substring(0, Math.min(8, version.length())) + "/" + attempt;
  }

  private static String annotation(VaultBackupSchedule schedule) {
    Map<String, String> annotations = schedule.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(VaultBackupScheduleReconciler.BACKUP_NOW);
  }

  private static String describe(BackupRun run, String key) {
    if (run == null) {
      return "no run recorded";
    }
    String problems = run.problems() == null ? "" : run.problems().stream()
        .filter(p -> key.equalsIgnoreCase(p.key()) || "*".equals(p.key()))
        .map(p -> p.reason() + ": " + p.message()).collect(Collectors.joining("; "));
    boolean selected = run.selectedKeys() != null && run.selectedKeys().stream().anyMatch(key::equalsIgnoreCase);
    return "its last run " + run.result() + (problems.isEmpty() ? "" : "; " + problems)
        + (selected || !problems.isEmpty() ? "" : "; the run did not select the key");
  }
}

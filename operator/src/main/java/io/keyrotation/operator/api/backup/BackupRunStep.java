package io.keyrotation.operator.api.backup;

/**
 * The steps of one backup run, in order; the run's position is in status, so a restarted operator
 * continues where it stopped. Every step checks whether its effect exists before acting (an archive
 * under the run's path, a key already in the standby), so repeating a step after a crash is harmless.
 *
 * <pre>
 * SelectKeys -> Archive     the keys to back up are listed from the source vault and recorded, with the
 *                           archived keys the selector matches that the source lost
 * Archive    -> Retention   each key is archived (or found unchanged, or reported: missing at the source)
 * Retention  -> Restore     each key's archives beyond keepLast / maxAge are removed, never its newest
 * Restore    -> Readiness   each key's newest archive is restored into each standby where it is missing
 * Readiness  -> (done)      for each standby and each key selected or used by a TdeKeyPolicy of the
 *                           namespace: archived, present in the standby, usable by the EKM identity
 * </pre>
 */
public enum BackupRunStep {
  SelectKeys,
  Archive,
  Retention,
  Restore,
  Readiness
}

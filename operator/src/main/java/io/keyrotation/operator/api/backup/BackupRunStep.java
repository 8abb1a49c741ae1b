package io.keyrotation.operator.api.backup;

/**
 * The steps of one backup run, in order; the run's position is in status, so a restarted operator
 * continues where it stopped. Every step checks whether its effect exists before acting (an archive
 * under the run's path, a key already in the standby), so repeating a step after a crash is harmless.
 *
 * <pre>
 * SelectKeys -> Archive     the keys to back up are listed from the source vault and recorded
 * Archive    -> Retention   each key is archived (or found unchanged, or reported), one key at a time
 * Retention  -> Restore     each key's archives beyond keepLast / maxAge are removed, never its newest
 * Restore    -> Readiness   each key's newest archive is restored into each standby where it is missing
 * Readiness  -> (done)      for each standby and key: archived, present in the standby
 * </pre>
 */
public enum BackupRunStep {
  SelectKeys,
  Archive,
  Retention,
  Restore,
  Readiness
}

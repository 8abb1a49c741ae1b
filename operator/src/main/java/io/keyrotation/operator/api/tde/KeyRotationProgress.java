package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The in-flight rotation. Written before each side effect, so a crash is recognised on the next reconcile. */
public record KeyRotationProgress(
    @JsonPropertyDescription("Name of the vault key being introduced; chosen and recorded before the key is created.")
    String targetKeyName,
    @JsonPropertyDescription("Its full identifier with version, once created.")
    String targetKeyId,
    RotationStep step,
    RotationTrigger trigger,
    String startedTime,
    @JsonPropertyDescription("Registration of the new key on each instance.")
    List<InstanceProgress> instances,
    @JsonPropertyDescription("Re-encryption of each database encryption key.")
    List<DatabaseProgress> databases,
    @JsonPropertyDescription("Failed attempts of the current step; drives the backoff.")
    Integer failedAttempts,
    @JsonPropertyDescription("When the current step is retried after a failure (RFC 3339).")
    String nextAttemptTime,
    @JsonPropertyDescription("What SQL Server's PROVIDER_KEY_NAME will be: the key name, or name/version (NewVersion).")
    String providerKeyName,
    @JsonPropertyDescription("Names of the asymmetric key, login and credential created for the new key on each instance.")
    SqlObjects sqlObjects,
    @JsonPropertyDescription("Creation time of the new vault key (RFC 3339).")
    String targetCreatedTime,
    @JsonPropertyDescription("Expiry of the new vault key, if it has one (RFC 3339).")
    String targetExpiresTime,
    @JsonPropertyDescription("Why the last attempt failed (a failure reason), if it did.")
    String lastFailureReason,
    @JsonPropertyDescription("The spec generation the last failure was seen with; a new generation retries at once.")
    Long failedGeneration,
    @JsonPropertyDescription("SHA-256 of the new key's RSA modulus, hex.")
    String targetPublicKeySha256,
    @JsonPropertyDescription("The referenced Secrets' names and resourceVersions when the last failure was seen (never their "
        + "data); a Forbidden, Unauthenticated or InvalidSpec failure is retried at once when one of them changes.")
    String failedSecretVersions,
    @JsonPropertyDescription("Backup before use: the schedule asked to archive the new key, and what it archived.")
    BackupWait backup) {

  public record SqlObjects(String asymmetricKey, String login, String credential) {}

  public KeyRotationProgress atStep(RotationStep next) {
    return new KeyRotationProgress(targetKeyName, targetKeyId, next, trigger, startedTime, instances, databases, null, null,
        providerKeyName, sqlObjects, targetCreatedTime, targetExpiresTime, null, null, targetPublicKeySha256, null, null);
  }

  public KeyRotationProgress withTarget(String keyName, String keyId, String providerKey, SqlObjects objects,
      String createdTime, String expiresTime, String publicKeySha256) {
    return new KeyRotationProgress(keyName, keyId, step, trigger, startedTime, instances, databases, failedAttempts,
        nextAttemptTime, providerKey, objects, createdTime, expiresTime, lastFailureReason, failedGeneration, publicKeySha256,
        failedSecretVersions, backup);
  }

  public KeyRotationProgress withInstances(List<InstanceProgress> updated) {
    return new KeyRotationProgress(targetKeyName, targetKeyId, step, trigger, startedTime, List.copyOf(updated), databases,
        failedAttempts, nextAttemptTime, providerKeyName, sqlObjects, targetCreatedTime, targetExpiresTime, lastFailureReason,
        failedGeneration, targetPublicKeySha256, failedSecretVersions, backup);
  }

  public KeyRotationProgress withDatabases(List<DatabaseProgress> updated) {
    return new KeyRotationProgress(targetKeyName, targetKeyId, step, trigger, startedTime, instances, List.copyOf(updated),
        failedAttempts, nextAttemptTime, providerKeyName, sqlObjects, targetCreatedTime, targetExpiresTime, lastFailureReason,
        failedGeneration, targetPublicKeySha256, failedSecretVersions, backup);
  }

  public KeyRotationProgress withFailure(String reason, int attempts, String retryAt, Long generation, String secretVersions) {
    return new KeyRotationProgress(targetKeyName, targetKeyId, step, trigger, startedTime, instances, databases, attempts,
        retryAt, providerKeyName, sqlObjects, targetCreatedTime, targetExpiresTime, reason, generation, targetPublicKeySha256,
        secretVersions, backup);
  }

  /** The backup wait as recorded; the step and any failure are kept. */
  public KeyRotationProgress withBackup(BackupWait wait) {
    return new KeyRotationProgress(targetKeyName, targetKeyId, step, trigger, startedTime, instances, databases, failedAttempts,
        nextAttemptTime, providerKeyName, sqlObjects, targetCreatedTime, targetExpiresTime, lastFailureReason, failedGeneration,
        targetPublicKeySha256, failedSecretVersions, wait);
  }

  /** The new key's version: the last segment of its identifier. */
  public String targetKeyVersion() {
    return targetKeyId == null ? null : targetKeyId.substring(targetKeyId.replaceAll("/+$", "").lastIndexOf('/') + 1)
        .replaceAll("/+$", "");
  }

  public enum RotationTrigger { Initial, Schedule, Manual, KeyExpiry }

  public record InstanceProgress(
      String instance,
      @JsonPropertyDescription("Asymmetric key, login, credential and mapping exist on this instance.")
      Boolean registered,
      String thumbprint) {}

  public record DatabaseProgress(
      String instance,
      String database,
      DatabaseState state,
      String encryptorThumbprint) {}

  public enum DatabaseState { Pending, Reencrypted, Verified }

  /**
   * Backup before use, recorded before the schedule is asked: which schedule, the value of its
   * {@code keyrotation.io/backup-now} annotation this rotation asks with (a new value per request), and
   * the archive found holding the new key's version.
   */
  public record BackupWait(
      @JsonPropertyDescription("The VaultBackupSchedule that covers the new key.")
      String schedule,
      @JsonPropertyDescription("The keyrotation.io/backup-now value this rotation asked the schedule with.")
      String request,
      @JsonPropertyDescription("How many requests were made (a failed backup is asked for again after a backoff).")
      Integer requests,
      @JsonPropertyDescription("The archived backup (blob name) that holds the new key's version, once verified.")
      String archive) {}
}

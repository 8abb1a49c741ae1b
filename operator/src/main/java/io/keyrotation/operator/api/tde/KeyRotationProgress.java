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
    String nextAttemptTime) {

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
}

package io.keyrotation.operator.api.principal;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

public record SecretRotationProgress(
    @JsonPropertyDescription("Identifies this rotation; part of the new password credential's display name keyrotation:<namespace>/<name>:<rotation id>.")
    String rotationId,
    @JsonPropertyDescription("Why it started: Due, Expired, Manual, Adoption.")
    String reason,
    SecretRotationStep step,
    String startedTime,
    @JsonPropertyDescription("keyId of the new password credential, once added.")
    String newKeyId,
    List<TargetProgress> targets,
    @JsonPropertyDescription("The old secret is removed after this time (RFC 3339).")
    String removeOldAfter,
    Integer failedAttempts,
    String nextAttemptTime) {

  public record TargetProgress(
      TargetKind kind,
      @JsonPropertyDescription("SQL Server instance name (credentials only).")
      String instance,
      String name,
      TargetState state,
      @JsonPropertyDescription("sqlserver_start_time observed after the credential changed (SQL Server only).")
      String restartedTime,
      @JsonPropertyDescription("The credential's modify_date read just before this rotation's ALTER CREDENTIAL: a later one means the new secret was applied (SQL Server only).")
      String modifiedBefore) {}

  public enum TargetKind { SqlServerCredential, KubernetesSecret }

  public enum TargetState { Pending, Updated, Restarted, Verified }
}

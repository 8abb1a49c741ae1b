package io.keyrotation.operator.api.principal;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

public record SecretRotationProgress(
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
      String restartedTime) {}

  public enum TargetKind { SqlServerCredential, KubernetesSecret }

  public enum TargetState { Pending, Updated, Restarted, Verified }
}

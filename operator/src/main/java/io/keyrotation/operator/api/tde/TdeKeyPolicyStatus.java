package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.keyrotation.operator.api.common.ResourceStatus;
import java.util.List;

public record TdeKeyPolicyStatus(
    Long observedGeneration,
    List<Condition> conditions,
    @JsonPropertyDescription("The key that protects every selected database now.")
    ProtectorKey activeKey,
    @JsonPropertyDescription("Keys that protected the databases before; kept, because older backups and log backups need them.")
    List<ProtectorKey> previousKeys,
    @JsonPropertyDescription("When the last rotation completed (RFC 3339).")
    String lastRotationTime,
    @JsonPropertyDescription("When the next scheduled rotation is due (RFC 3339).")
    String nextRotationTime,
    @JsonPropertyDescription("The rotation in progress, recorded step by step so a restarted operator resumes it.")
    KeyRotationProgress rotation,
    @JsonPropertyDescription("Value of the keyrotation.io/rotate-now annotation last handled.")
    String lastManualTrigger,
    @JsonPropertyDescription("When the operator adopted the protector it found (RFC 3339); the first rotation is due one interval "
        + "later when the adopted key's age is unknown.")
    String adoptedTime,
    @JsonPropertyDescription("The vault the active key and the EKM credentials are in; a different spec.vault starts a vault failover.")
    String vaultUrl,
    @JsonPropertyDescription("The vault failover in progress.")
    VaultFailoverProgress vaultFailover)
    implements ResourceStatus {

  public static TdeKeyPolicyStatus empty() {
    return new TdeKeyPolicyStatus(null, List.of(), null, null, null, null, null, null, null, null, null);
  }
}

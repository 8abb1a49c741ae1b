package io.keyrotation.operator.api.principal;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.keyrotation.operator.api.common.ResourceStatus;
import java.util.List;

public record ServicePrincipalRotationStatus(
    Long observedGeneration,
    List<Condition> conditions,
    @JsonPropertyDescription("The client secret in use (never its value).")
    ClientSecretInfo currentSecret,
    @JsonPropertyDescription("The secret being replaced, until it is removed.")
    ClientSecretInfo previousSecret,
    String lastRotationTime,
    @JsonPropertyDescription("When the next rotation is due: the current secret's end minus rotateBefore (RFC 3339).")
    String nextRotationTime,
    @JsonPropertyDescription("The rotation in progress, recorded step by step so a restarted operator resumes it.")
    SecretRotationProgress rotation,
    @JsonPropertyDescription("Value of the keyrotation.io/rotate-now annotation last handled.")
    String lastManualTrigger)
    implements ResourceStatus {

  public static ServicePrincipalRotationStatus empty() {
    return new ServicePrincipalRotationStatus(null, List.of(), null, null, null, null, null, null);
  }

  /** What Microsoft Graph reports of a password credential, minus the secret text. */
  public record ClientSecretInfo(
      String keyId,
      @JsonPropertyDescription("The first characters Graph shows of the secret.")
      String hint,
      String displayName,
      String startDateTime,
      String endDateTime) {}
}

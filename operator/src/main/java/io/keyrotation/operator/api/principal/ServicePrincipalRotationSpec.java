package io.keyrotation.operator.api.principal;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyrotation.operator.api.common.AzureCredentials;
import io.keyrotation.operator.api.common.Formats;

public record ServicePrincipalRotationSpec(
    @Required @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.UUID_CEL, message = Formats.UUID_WORDS)
    @JsonPropertyDescription("Azure AD tenant (directory) id.")
    String tenantId,
    @Required
    @JsonPropertyDescription("The application whose client secret is rotated.")
    ApplicationRef application,
    @Default("P30D") @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.DURATION_CEL, message = Formats.DURATION_WORDS)
    @JsonPropertyDescription("Start a rotation this long before the current secret expires (ISO-8601).")
    String rotateBefore,
    @Default("P365D") @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.DURATION_CEL, message = Formats.DURATION_WORDS)
    @JsonPropertyDescription("Lifetime of each new secret (ISO-8601). Microsoft Graph's default is two years.")
    String secretLifetime,
    @Default("P7D") @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.DURATION_CEL, message = Formats.DURATION_WORDS)
    @JsonPropertyDescription("After every target uses the new secret (and every SQL Server instance has restarted), wait this long before removing the old one.")
    String gracePeriod,
    @Size(max = 253) @Pattern(Formats.OBJECT_NAME)
    @JsonPropertyDescription("Secret, in this namespace, where each new client secret is saved before it is used anywhere. Defaults to <name>-client-secret.")
    String stagingSecretName,
    @Required
    @JsonPropertyDescription("Everything that embeds the client secret and must switch to the new one.")
    RotationTargets targets,
    @JsonPropertyDescription("How the operator authenticates to Microsoft Graph (needs Application.ReadWrite.OwnedBy or Application.ReadWrite.All). Defaults to workload or managed identity.")
    AzureCredentials graphCredentials,
    @Default("false")
    @JsonPropertyDescription("Do not start new rotations; one already running finishes.")
    Boolean suspend) {

  public ServicePrincipalRotationSpec {
    if (rotateBefore == null) rotateBefore = "P30D";
    if (secretLifetime == null) secretLifetime = "P365D";
    if (gracePeriod == null) gracePeriod = "P7D";
    if (graphCredentials == null) graphCredentials = AzureCredentials.defaultChain();
    if (suspend == null) suspend = false;
  }

  // Declared, so that the component's @ValidationRule stays on the field only: fabric8 collects both.
  @Override
  public String tenantId() {
    return tenantId;
  }

  @Override
  public String rotateBefore() {
    return rotateBefore;
  }

  @Override
  public String secretLifetime() {
    return secretLifetime;
  }

  @Override
  public String gracePeriod() {
    return gracePeriod;
  }
}

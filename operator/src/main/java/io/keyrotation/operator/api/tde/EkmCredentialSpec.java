package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyrotation.operator.api.common.ClientSecretRef;
import io.keyrotation.operator.api.common.Formats;

/**
 * The credential SQL Server's connector uses: IDENTITY is the vault name, SECRET is the service
 * principal's client id without hyphens followed by its client secret.
 */
public record EkmCredentialSpec(
    @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.VAULT_NAME_CEL, message = Formats.VAULT_NAME_WORDS)
    @JsonPropertyDescription("The credential IDENTITY: the vault name. Defaults to the first label of the vault URL's host.")
    String identity,
    @Required
    @JsonPropertyDescription("Secret with the connector's service principal (clientId and clientSecret keys by default).")
    ClientSecretRef servicePrincipalSecretRef) {
  // Declared, so that the component's @ValidationRule stays on the field only: fabric8 collects both.
  @Override
  public String identity() {
    return identity;
  }
}

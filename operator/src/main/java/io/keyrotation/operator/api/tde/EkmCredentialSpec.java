package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyrotation.operator.api.common.ClientSecretRef;
import io.keyrotation.operator.api.common.Formats;

/**
 * The credential SQL Server's connector uses: IDENTITY names the vault (see {@code keyvault.EkmIdentity}),
 * SECRET is the service principal's client id without hyphens followed by its client secret.
 */
public record EkmCredentialSpec(
    @Size(max = Formats.EKM_IDENTITY_MAX) @ValidationRule(value = Formats.EKM_IDENTITY_CEL, message = Formats.EKM_IDENTITY_WORDS)
    @JsonPropertyDescription("The credential IDENTITY, derived from the vault URL when absent: the vault name in Azure public cloud "
        + "(contoso-tde), the vault host in Azure Government and Azure China (contoso-tde.vault.usgovcloudapi.net, "
        + "contoso-tde.vault.azure.cn), the pool host for a Managed HSM (contoso-tde.managedhsm.azure.net). "
        + "If given, it must be that value; it is required only for a vault URL outside those domains.")
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

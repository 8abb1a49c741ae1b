package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyrotation.operator.api.common.ClientSecretRef;
import io.keyrotation.operator.api.common.Formats;

/**
 * The credential SQL Server's connector uses: IDENTITY names the vault (see {@code keyvault.EkmIdentity}),
 * SECRET is the service principal's client id without hyphens followed by its client secret.
 */
@ValidationRule(value = "has(self.type) && self.type == 'ManagedIdentity' ? !has(self.servicePrincipalSecretRef) : has(self.servicePrincipalSecretRef)",
    message = "servicePrincipalSecretRef is required with type ServicePrincipal and not allowed with ManagedIdentity")
public record EkmCredentialSpec(
    @Size(max = Formats.EKM_IDENTITY_MAX) @ValidationRule(value = Formats.EKM_IDENTITY_CEL, message = Formats.EKM_IDENTITY_WORDS)
    @JsonPropertyDescription("The credential IDENTITY, derived from the vault URL when absent: the vault name in Azure public cloud "
        + "(contoso-tde), the vault host in Azure Government and Azure China (contoso-tde.vault.usgovcloudapi.net, "
        + "contoso-tde.vault.azure.cn), the pool host for a Managed HSM (contoso-tde.managedhsm.azure.net). "
        + "If given, it must be that value; it is required only for a vault URL outside those domains. With type "
        + "ManagedIdentity the credential is named after the vault instead (its DNS name) and its IDENTITY is 'Managed Identity'.")
    String identity,
    @JsonPropertyDescription("Secret with the connector's service principal (tenantId, clientId and clientSecret keys by default); "
        + "type ServicePrincipal only.")
    ClientSecretRef servicePrincipalSecretRef,
    @Default("ServicePrincipal")
    @JsonPropertyDescription("ServicePrincipal: the credential carries the client id and secret. ManagedIdentity: the instances' "
        + "managed identity opens the vault (SQL Server 2022 CU17+ on Azure VMs, Arc-enabled SQL Server; not on-premises); "
        + "the credential carries no secret and no Secret is read.")
    Type type) {

  public EkmCredentialSpec {
    if (type == null) type = Type.ServicePrincipal;
  }

  public EkmCredentialSpec(String identity, ClientSecretRef servicePrincipalSecretRef) {
    this(identity, servicePrincipalSecretRef, Type.ServicePrincipal);
  }

  // Declared, so that the component's @ValidationRule stays on the field only: fabric8 collects both.
  @Override
  public String identity() {
    return identity;
  }

  public boolean usesManagedIdentity() {
    return type == Type.ManagedIdentity;
  }

  public enum Type { ServicePrincipal, ManagedIdentity }
}

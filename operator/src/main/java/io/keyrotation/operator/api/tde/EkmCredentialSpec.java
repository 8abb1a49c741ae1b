package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.generator.annotation.Size;
import io.keyrotation.operator.api.common.ClientSecretRef;

/**
 * The credential SQL Server's connector uses: IDENTITY is the vault name, SECRET is the service
 * principal's client id without hyphens followed by its client secret.
 */
@ValidationRule(value = "has(self.type) && self.type == 'ManagedIdentity' ? !has(self.servicePrincipalSecretRef) : has(self.servicePrincipalSecretRef)",
    message = "servicePrincipalSecretRef is required with type ServicePrincipal and not allowed with ManagedIdentity")
public record EkmCredentialSpec(
    @Size(max = 24) @Pattern("^[A-Za-z0-9-]{3,24}$")
    @JsonPropertyDescription("The vault name: the credential IDENTITY (ServicePrincipal), or the first label of the credential's "
        + "name (ManagedIdentity). Defaults to the first label of the vault URL's host.")
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

  public boolean usesManagedIdentity() {
    return type == Type.ManagedIdentity;
  }

  public enum Type { ServicePrincipal, ManagedIdentity }
}

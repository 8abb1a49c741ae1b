package io.keyrotation.operator.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;

/** How the operator itself authenticates to Azure (Key Vault, Blob Storage, Microsoft Graph). */
@ValidationRule(value = "self.type != 'ClientSecret' || has(self.secretRef)",
    message = "secretRef is required when type is ClientSecret", fieldPath = ".secretRef", reason = "FieldValueRequired")
@ValidationRule(value = "self.type == 'ClientSecret' || !has(self.secretRef)",
    message = "secretRef is only used when type is ClientSecret", fieldPath = ".secretRef", reason = "FieldValueForbidden")
public record AzureCredentials(
    @Default("Default")
    @JsonPropertyDescription("Default: workload identity or managed identity (Azure's default credential chain). "
        + "ClientSecret: a service principal whose tenant id, client id and client secret are in a Secret.")
    Type type,
    @JsonPropertyDescription("The Secret holding the service principal, when type is ClientSecret.")
    ClientSecretRef secretRef) {

  public AzureCredentials {
    if (type == null) type = Type.Default;
  }

  public static AzureCredentials defaultChain() {
    return new AzureCredentials(Type.Default, null);
  }

  public enum Type { Default, ClientSecret }
}

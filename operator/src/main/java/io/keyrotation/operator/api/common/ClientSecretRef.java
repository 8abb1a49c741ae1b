package io.keyrotation.operator.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret, in the resource's namespace, holding an Azure AD service principal's credentials. */
public record ClientSecretRef(
    @Required @Size(max = 253) @Pattern(Formats.OBJECT_NAME)
    @JsonPropertyDescription("Name of the Secret in the same namespace.")
    String name,
    @Default("tenantId") @Pattern(Formats.SECRET_KEY)
    @JsonPropertyDescription("Key holding the tenant id (where a tenant is needed).")
    String tenantIdKey,
    @Default("clientId") @Pattern(Formats.SECRET_KEY)
    @JsonPropertyDescription("Key holding the application (client) id.")
    String clientIdKey,
    @Default("clientSecret") @Pattern(Formats.SECRET_KEY)
    @JsonPropertyDescription("Key holding the client secret.")
    String clientSecretKey) {

  public ClientSecretRef {
    if (tenantIdKey == null) tenantIdKey = "tenantId";
    if (clientIdKey == null) clientIdKey = "clientId";
    if (clientSecretKey == null) clientSecretKey = "clientSecret";
  }

  public static ClientSecretRef named(String name) {
    return new ClientSecretRef(name, null, null, null);
  }
}

package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.keyrotation.operator.api.common.ClientSecretRef;

/**
 * The credential SQL Server's connector uses: IDENTITY is the vault name, SECRET is the service
 * principal's client id without hyphens followed by its client secret.
 */
public record EkmCredentialSpec(
    @Size(max = 24) @Pattern("^[A-Za-z0-9-]{3,24}$")
    @JsonPropertyDescription("The credential IDENTITY: the vault name. Defaults to the first label of the vault URL's host.")
    String identity,
    @Required
    @JsonPropertyDescription("Secret with the connector's service principal (clientId and clientSecret keys by default).")
    ClientSecretRef servicePrincipalSecretRef) {}

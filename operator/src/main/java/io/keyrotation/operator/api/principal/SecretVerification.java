package io.keyrotation.operator.api.principal;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.keyrotation.operator.api.common.Formats;

/** Where a new client secret is tried before it is distributed: a key the targets' credentials use. */
public record SecretVerification(
    @Required @Pattern(Formats.VAULT_URL)
    @JsonPropertyDescription("Vault URL, e.g. https://contoso-tde.vault.azure.net")
    String vaultUrl,
    @Required @Size(min = 1, max = Formats.CONNECTOR_KEY_NAME_MAX) @Pattern(Formats.VAULT_KEY_NAME)
    @JsonPropertyDescription("Name of a key in that vault the application may wrap and unwrap with (the TDE protector; "
        + "at most 26 characters, as the SQL Server Connector requires).")
    String keyName) {}

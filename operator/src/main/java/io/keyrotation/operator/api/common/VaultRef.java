package io.keyrotation.operator.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** An Azure Key Vault. */
public record VaultRef(
    @Required @Pattern(Formats.VAULT_URL)
    @JsonPropertyDescription("Vault URL, e.g. https://contoso-tde.vault.azure.net")
    String url,
    @Pattern(Formats.AZURE_REGION)
    @JsonPropertyDescription("Azure region of the vault, e.g. westeurope; decides the geography that backups may be restored in.")
    String region,
    @Pattern(Formats.UUID)
    @JsonPropertyDescription("Azure subscription id of the vault. Required where backups are restored: Key Vault restores a key backup only into a vault of the same subscription and geography.")
    String subscriptionId) {}

package io.keyrotation.operator.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** An Azure Key Vault. */
public record VaultRef(
    @Required @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.VAULT_URL_CEL, message = Formats.VAULT_URL_WORDS)
    @JsonPropertyDescription("Vault URL, e.g. https://contoso-tde.vault.azure.net")
    String url,
    @Pattern(Formats.AZURE_REGION)
    @JsonPropertyDescription("Azure region of the vault, e.g. westeurope; decides the geography that backups may be restored in.")
    String region,
    @Pattern(Formats.UUID)
    @JsonPropertyDescription("Azure subscription id of the vault. Required where backups are restored: Key Vault restores a key backup only into a vault of the same subscription and geography.")
    String subscriptionId) {
  // Declared, so that the component's @ValidationRule stays on the field only: fabric8 collects both.
  @Override
  public String url() {
    return url;
  }
}

package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyrotation.operator.api.common.Formats;

@ValidationRule(value = "!has(self.namingStrategy) || self.namingStrategy == 'NewName' ? (has(self.namePrefix) && !has(self.name)) : true",
    message = "the NewName strategy needs namePrefix (and no name)", fieldPath = ".namePrefix")
@ValidationRule(value = "has(self.namingStrategy) && self.namingStrategy == 'NewVersion' ? (has(self.name) && !has(self.namePrefix)) : true",
    message = "the NewVersion strategy needs name (and no namePrefix)", fieldPath = ".name")
public record VaultKeySpec(
    @Default("NewName")
    @JsonPropertyDescription("NewName: each rotation creates a key with a new name (works with every connector version). "
        + "NewVersion: each rotation adds a version to one key (needs a connector that accepts name/version).")
    NamingStrategy namingStrategy,
    @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.VAULT_KEY_NAME_PREFIX_CEL, message = Formats.VAULT_KEY_NAME_PREFIX_WORDS)
    @JsonPropertyDescription("NewName: new keys are named <namePrefix>-<yyyyMMdd>[-NN]; at most 14 characters, letters, digits and '-', not ending in '-'.")
    String namePrefix,
    @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.CONNECTOR_KEY_NAME_CEL, message = Formats.CONNECTOR_KEY_NAME_WORDS)
    @JsonPropertyDescription("NewVersion: the key that gets new versions; at most 26 characters, letters, digits and '-'.")
    String name,
    @Default("RSA")
    @JsonPropertyDescription("RSA (software-protected) or RSA-HSM (Premium vaults).")
    KeyType type,
    @Default("2048")
    @ValidationRule(value = "self == 2048 || self == 3072",
        message = "must be 2048 or 3072 (the RSA sizes the SQL Server Connector supports)")
    @JsonPropertyDescription("RSA key size: 2048 or 3072.")
    Integer size,
    @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.DURATION_CEL, message = Formats.DURATION_WORDS)
    @JsonPropertyDescription("Optional expiry of each new key after its creation, ISO-8601 (e.g. P2Y). Must be longer than the rotation interval.")
    String expiresAfter,
    @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.CONNECTOR_KEY_NAME_CEL, message = Formats.CONNECTOR_KEY_NAME_WORDS)
    @JsonPropertyDescription("Adoption: the name of the vault key behind the asymmetric key that protects the databases "
        + "today. SQL Server cannot tell which vault key that is, so without it the key's age is unknown and the first "
        + "scheduled rotation is one interval after adoption.")
    String currentKeyName) {

  public VaultKeySpec {
    if (namingStrategy == null) namingStrategy = NamingStrategy.NewName;
    if (type == null) type = KeyType.RSA;
    if (size == null) size = 2048;
  }

  public enum NamingStrategy { NewName, NewVersion }

  public enum KeyType {
    RSA,
    @JsonProperty("RSA-HSM")
    RSA_HSM
  }

  // Declared, so that the component's @ValidationRule stays on the field only: fabric8 collects both.
  @Override
  public String namePrefix() {
    return namePrefix;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Integer size() {
    return size;
  }

  @Override
  public String currentKeyName() {
    return currentKeyName;
  }

  @Override
  public String expiresAfter() {
    return expiresAfter;
  }
}

package io.keyrotation.operator.keyvault;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * A key's (or key version's) identity and attributes, as listed. {@code version} is empty for a
 * key listed without version (the vault lists keys by name, versions separately).
 */
public record VaultKeyInfo(String name, Optional<String> version, URI keyId, boolean enabled,
                           OffsetDateTime createdOn, OffsetDateTime updatedOn,
                           Optional<OffsetDateTime> notBefore, Optional<OffsetDateTime> expiresOn,
                           String recoveryLevel, Map<String, String> tags) {
  public VaultKeyInfo {
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }
}

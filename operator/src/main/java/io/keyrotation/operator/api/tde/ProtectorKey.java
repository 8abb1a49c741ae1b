package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A Key Vault key and the SQL Server objects that make it usable as a TDE protector. */
public record ProtectorKey(
    @JsonPropertyDescription("Vault key name.")
    String keyName,
    @JsonPropertyDescription("Full key identifier including the version, e.g. https://v.vault.azure.net/keys/name/version.")
    String keyId,
    String asymmetricKeyName,
    String loginName,
    String credentialName,
    @JsonPropertyDescription("sys.asymmetric_keys.thumbprint, hex; what sys.dm_database_encryption_keys reports as encryptor_thumbprint.")
    String thumbprint,
    String createdTime,
    @JsonPropertyDescription("When this key stopped being the active one (previous keys only).")
    String retiredTime) {}

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
    String retiredTime,
    @JsonPropertyDescription("Expiry of the vault key, if it has one (RFC 3339).")
    String expiresTime,
    @JsonPropertyDescription("Previous keys: Yes when a database's transaction log still holds virtual log files encrypted with it, "
        + "No when none does, Unknown before SQL Server 2019 (treat as needed). Backups taken before the rotation always need it.")
    String neededByLog,
    @JsonPropertyDescription("SHA-256 of the key's RSA modulus, hex: how a restored copy in another vault is recognised as the same key.")
    String publicKeySha256) {}

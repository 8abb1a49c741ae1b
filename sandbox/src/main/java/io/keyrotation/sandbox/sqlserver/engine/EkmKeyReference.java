package io.keyrotation.sandbox.sqlserver.engine;

/**
 * One vault key a database depends on, as the instance sees it (for invariant checks; read-only): its database
 * encryption key ({@code usedBy} "DEK") or a virtual log file still encrypted by an older key ("VLF 3"). The
 * asymmetric key is the one on this instance with the encryptor's thumbprint (null when none has it, i.e. the key is
 * not registered here); the vault is named by the credential of the login mapped to that key (its IDENTITY, or for a managed
 * identity its name, the vault's host; null when there is none).
 */
public record EkmKeyReference(String instance, String database, String usedBy, String thumbprint,
    String asymmetricKey, String vaultIdentity, String keyName, String keyVersion) {
}

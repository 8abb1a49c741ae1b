package io.keyrotation.operator.sqlserver;

/**
 * A user database and its TDE state ({@code sys.databases} with
 * {@code sys.dm_database_encryption_keys}).
 *
 * @param state {@code sys.databases.state_desc}, e.g. ONLINE or RECOVERY_PENDING
 * @param encryptionState 0 when the database has no encryption key, else 1 unencrypted, 2 encryption
 *     in progress, 3 encrypted, 4 key change in progress, 5 decryption in progress, 6 protection change
 * @param encryptorType e.g. ASYMMETRIC KEY, or null without a key
 * @param encryptorThumbprint upper-case hex, or null without a key
 */
public record DatabaseEncryption(int databaseId, String name, String state, int encryptionState,
    String encryptorType, String encryptorThumbprint) {
  public static final int ENCRYPTED = 3;

  public boolean hasEncryptionKey() {
    return encryptionState != 0;
  }

  public boolean isEncryptedBy(String thumbprint) {
    return encryptionState == ENCRYPTED && thumbprint != null && thumbprint.equalsIgnoreCase(encryptorThumbprint);
  }
}

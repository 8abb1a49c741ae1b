package io.keyrotation.operator.sqlserver;

/**
 * A user database and its TDE state ({@code sys.databases} with
 * {@code sys.dm_database_encryption_keys}).
 *
 * @param state {@code sys.databases.state_desc}, e.g. ONLINE or RECOVERY_PENDING
 * @param encryptionState 0 when the database has no encryption key, else 1 unencrypted, 2 encryption
 *     in progress, 3 encrypted, 4 key change in progress, 5 decryption in progress, 6 protection change
 * @param encryptionScanState {@code encryption_scan_state}: 0 none, 1 running, 2 suspended, 3 complete,
 *     4 aborted; null before SQL Server 2019, which has no such column
 * @param encryptorType e.g. ASYMMETRIC KEY, or null without a key
 * @param encryptorThumbprint upper-case hex, or null without a key
 */
public record DatabaseEncryption(int databaseId, String name, String state, int encryptionState,
    Integer encryptionScanState, String encryptorType, String encryptorThumbprint) {
  public static final int ENCRYPTED = 3;
  public static final int PROTECTION_CHANGE = 6;
  private static final int SCAN_RUNNING = 1;
  private static final int SCAN_SUSPENDED = 2;

  public boolean hasEncryptionKey() {
    return encryptionState != 0;
  }

  /**
   * Whether the key protecting the database encryption key is the one with this thumbprint. That
   * holds from the moment ALTER DATABASE ENCRYPTION KEY returns, in any state (6 while the
   * protection change finishes), so a re-encryption is done once this is true.
   */
  public boolean isEncryptedBy(String thumbprint) {
    return hasEncryptionKey() && thumbprint != null && thumbprint.equalsIgnoreCase(encryptorThumbprint);
  }

  /**
   * An encryption, decryption or key change scan (states 2, 4, 5), a protection change (6), or a
   * running or suspended scan: SQL Server refuses another key change until it ends (Msg 33110).
   */
  public boolean changeInProgress() {
    boolean scanning = encryptionScanState != null
        && (encryptionScanState == SCAN_RUNNING || encryptionScanState == SCAN_SUSPENDED);
    return encryptionState == 2 || encryptionState == 4 || encryptionState == 5
        || encryptionState == PROTECTION_CHANGE || scanning;
  }
}

package io.keyrotation.sandbox.sqlserver.engine;

import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Database;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.DatabaseEncryptionKey;

/**
 * What a DBA (or a test) does to one database outside the operator's T-SQL: a data backup that
 * runs for a while, a read-only filegroup, an encryption scan (SET ENCRYPTION ON/OFF or REGENERATE)
 * that is still running. Each changes what ALTER DATABASE ENCRYPTION KEY answers.
 */
public final class DatabaseAdmin {
  /** encryption_state values of the scans a test can start (sys.dm_database_encryption_keys). */
  public enum Scan {
    ENCRYPTING(2), KEY_CHANGE(4), DECRYPTING(5);

    final int encryptionState;

    Scan(int encryptionState) {
      this.encryptionState = encryptionState;
    }
  }

  private final SqlServerInstance instance;
  private final String name;

  DatabaseAdmin(SqlServerInstance instance, String name) {
    this.instance = instance;
    this.name = name;
  }

  /** {@code BACKUP DATABASE} has started and runs until {@link #finishDataBackup()}. */
  public DatabaseAdmin startDataBackup() {
    synchronized (SqlServerInstance.LOCK) {
      database().dataBackupRunning = true;
    }
    return this;
  }

  public DatabaseAdmin finishDataBackup() {
    synchronized (SqlServerInstance.LOCK) {
      database().dataBackupRunning = false;
    }
    return this;
  }

  /** {@code ALTER DATABASE ... MODIFY FILEGROUP ... READ_ONLY} (or READ_WRITE with false). */
  public DatabaseAdmin filegroupReadOnly(boolean readOnly) {
    synchronized (SqlServerInstance.LOCK) {
      database().readOnlyFilegroup = readOnly;
    }
    return this;
  }

  /** A scan starts and keeps running (scan state 1) until {@link #finishScan()}. */
  public DatabaseAdmin startScan(Scan scan) {
    synchronized (SqlServerInstance.LOCK) {
      DatabaseEncryptionKey dek = key();
      dek.encryptionState = scan.encryptionState;
      dek.scanState = DatabaseEncryptionKey.SCAN_RUNNING;
    }
    return this;
  }

  /** {@code ALTER DATABASE ... SET ENCRYPTION SUSPEND} (SQL Server 2019+): scan state 2, still in progress. */
  public DatabaseAdmin suspendScan() {
    synchronized (SqlServerInstance.LOCK) {
      key().scanState = 2;
    }
    return this;
  }

  /** The running scan completes: encrypted (3), or unencrypted (1) after decryption. */
  public DatabaseAdmin finishScan() {
    synchronized (SqlServerInstance.LOCK) {
      DatabaseEncryptionKey dek = key();
      dek.encryptionState = dek.encryptionState == Scan.DECRYPTING.encryptionState ? 1 : DatabaseEncryptionKey.ENCRYPTED;
      dek.scanState = DatabaseEncryptionKey.SCAN_COMPLETE;
    }
    return this;
  }

  /** {@code encryption_state} as the DMV would show it now. */
  public int encryptionState() {
    synchronized (SqlServerInstance.LOCK) {
      DatabaseEncryptionKey dek = key();
      dek.settle(instance.now());
      return dek.encryptionState;
    }
  }

  private Database database() {
    return instance.catalog().database(name)
        .orElseThrow(() -> new IllegalArgumentException(name + " does not exist on " + instance.name()));
  }

  private DatabaseEncryptionKey key() {
    DatabaseEncryptionKey dek = database().encryptionKey;
    if (dek == null) {
      throw new IllegalStateException(name + " has no database encryption key");
    }
    return dek;
  }
}

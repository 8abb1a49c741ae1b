package io.keyrotation.sandbox.sqlserver.engine;

import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.AsymmetricKey;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Database;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.DatabaseEncryptionKey;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Login;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Vlf;
import io.keyrotation.sandbox.sqlserver.engine.StatementResult.Done;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;

/**
 * Database encryption keys: ALTER DATABASE ENCRYPTION KEY ... BY SERVER ASYMMETRIC KEY, and
 * opening a database's key at start-up. Both reach the vault through the credential of the
 * login created from the asymmetric key, as the SQL Server Connector does.
 */
final class EncryptionStatements {
  private static final Set<String> SYSTEM_DATABASES = Set.of("master", "tempdb", "model", "msdb");
  private final SqlServerInstance instance;
  private final ServerCatalog catalog;

  EncryptionStatements(SqlServerInstance instance) {
    this.instance = instance;
    this.catalog = instance.catalog();
  }

  Done alterEncryptionKey(Login executor, String databaseName, String asymmetricKeyName) throws SqlServerError {
    if (SYSTEM_DATABASES.contains(databaseName.toLowerCase())) {
      throw new SqlServerError(33102, 1, 16, "Cannot encrypt a system database. Database encryption operations "
          + "cannot be performed for 'master', 'model', 'tempdb', 'msdb', or 'resource' databases.");
    }
    Database database = catalog.database(databaseName).orElseThrow();
    Permissions.requireControl(executor, database);
    DatabaseEncryptionKey dek = database.encryptionKey;
    if (dek == null) {
      throw new SqlServerError(33104, 1, 16, "A database encryption key does not exist for this database.");
    }
    if (database.availabilityGroup != null && !database.availabilityGroup.isPrimary(instance)) {
      throw new SqlServerError(3906, 1, 16,
          "Failed to update database \"" + databaseName + "\" because the database is read-only.");
    }
    refuseWhileBlocked(database, dek);
    AsymmetricKey newKey = new SecurityStatements(instance).visibleKey(executor, asymmetricKeyName);
    use(currentKey(dek)); // unwrap with the key protecting it now
    use(newKey); // wrap with the new one
    dek.encryptorThumbprint = newKey.thumbprint;
    dek.modifyDate = instance.now();
    dek.setDate = dek.modifyDate;
    dek.changesSinceLogBackup++;
    dek.log.add(new Vlf(dek.nextVlf++, newKey.thumbprint));
    Duration protectionChange = instance.protectionChangeDuration();
    if (!protectionChange.isZero()) {
      dek.encryptionState = DatabaseEncryptionKey.PROTECTION_CHANGE;
      dek.protectionChangeEnds = dek.modifyDate.plus(protectionChange);
    }
    database.state = "ONLINE";
    if (database.availabilityGroup != null) {
      database.availabilityGroup.encryptionKeyChanged(database.name);
    }
    return new Done(Done.CMD_CMD, -1);
  }

  /**
   * The conditions under which SQL Server refuses to modify a database encryption key, each with
   * its own message (numbers and texts from "Database engine events and errors" and KB 2979636).
   */
  private void refuseWhileBlocked(Database database, DatabaseEncryptionKey dek) throws SqlServerError {
    if (database.readOnlyFilegroup) {
      throw new SqlServerError(33118, 1, 16, "Cannot enable or modify database encryption on a database that is "
          + "read-only, has read-only files or is not recovered.");
    }
    if (database.dataBackupRunning) {
      throw new SqlServerError(3023, 2, 16, "Backup, file manipulation operations (such as ALTER DATABASE ADD FILE) "
          + "and encryption changes on a database must be serialized. Reissue the statement after the current "
          + "backup or file manipulation operation is completed.");
    }
    dek.settle(instance.now());
    if (dek.changeInProgress()) {
      throw new SqlServerError(33110, 1, 16, "Cannot change database encryption key while an encryption, "
          + "decryption, or key change scan is in progress.");
    }
    if (dek.changesSinceLogBackup >= 2) {
      throw new SqlServerError(33122, 1, 16, "This command requires a database encryption scan on database '"
          + database.name + "'. However, the database has changes from previous encryption scans that are pending "
          + "log backup. Take a log backup and retry the command.");
    }
  }

  /** Creates the database key and encrypts the database (setup, not a gateway statement). */
  void enableEncryption(Database database, String asymmetricKeyName) throws SqlServerError {
    AsymmetricKey key = catalog.requireAsymmetricKey(asymmetricKeyName);
    use(key);
    database.encryptionKey = new DatabaseEncryptionKey(key.thumbprint, instance.now());
  }

  /** Opens the database key as at start-up: ONLINE if the key can be used, else RECOVERY_PENDING. */
  void open(Database database) {
    if (database.encryptionKey == null) {
      return;
    }
    try {
      use(currentKey(database.encryptionKey));
      database.state = "ONLINE";
    } catch (SqlServerError e) {
      database.state = "RECOVERY_PENDING";
    }
  }

  private AsymmetricKey currentKey(DatabaseEncryptionKey dek) throws SqlServerError {
    return catalog.asymmetricKeyByThumbprint(dek.encryptorThumbprint)
        .orElseThrow(() -> new SqlServerError(33111, 3, 16, "Cannot find server asymmetric key with thumbprint '0x"
            + HexFormat.of().withUpperCase().formatHex(dek.encryptorThumbprint) + "'."));
  }

  private void use(AsymmetricKey key) throws SqlServerError {
    Login login = catalog.loginFor(key).orElseThrow(() -> EkmConnector.keyError(key.providerKeyName, 5));
    instance.ekm().useForDatabaseKey(
        SecurityStatements.credentialFor(login, key.provider, key.providerKeyName), key);
  }
}

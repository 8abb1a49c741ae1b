package io.keyrotation.sandbox.sqlserver.engine;

import io.keyrotation.sandbox.IssuedSecrets;

import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Database;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.DatabaseEncryptionKey;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Login;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Provider;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Vlf;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The state of one stand-in SQL Server instance and the operations a DBA (or a test) performs
 * outside the operator: creating SQL logins, the cryptographic provider and databases, turning
 * TDE on, backing up the log, restarting the service. Everything the operator does goes through
 * T-SQL ({@link #login} then {@link SqlSession#execute}), over TDS in practice.
 */
public final class SqlServerInstance {
  /** One lock for every instance's state: availability groups span instances. */
  static final Object LOCK = new Object();

  private final String name;
  private final Clock clock;
  private final ServerCatalog catalog = new ServerCatalog();
  private final EkmConnector ekm;
  private final FaultInjector faults = new FaultInjector();
  private final List<AvailabilityGroup> groups = new ArrayList<>();
  private final List<Runnable> restartListeners = new CopyOnWriteArrayList<>();
  private LocalDateTime startTime;
  private int majorVersion = 16;
  private Duration protectionChangeDuration = Duration.ZERO;

  public SqlServerInstance(String name, EkmVaultDirectory vaults, Clock clock) {
    this.name = name;
    this.clock = clock;
    this.ekm = new EkmConnector(vaults);
    this.startTime = now();
  }

  public String name() {
    return name;
  }

  public FaultInjector faults() {
    return faults;
  }

  /**
   * The product major version (13 = 2016, 14 = 2017, 15 = 2019, 16 = 2022) reported at login;
   * it decides which catalog columns exist (e.g. encryption_scan_state from 15).
   */
  public SqlServerInstance majorVersion(int major) {
    synchronized (LOCK) {
      majorVersion = major;
    }
    return this;
  }

  public int majorVersion() {
    synchronized (LOCK) {
      return majorVersion;
    }
  }

  /**
   * How long a database stays in encryption_state 6 (protection change) after ALTER DATABASE
   * ENCRYPTION KEY ... ENCRYPTION BY, on this instance's clock, before it settles to 3.
   */
  public SqlServerInstance protectionChangeDuration(Duration duration) {
    synchronized (LOCK) {
      protectionChangeDuration = duration;
    }
    return this;
  }

  Duration protectionChangeDuration() {
    return protectionChangeDuration;
  }

  /** Backups, read-only filegroups and encryption scans of one database. */
  public DatabaseAdmin database(String database) {
    return new DatabaseAdmin(this, database);
  }

  /** Creates a SQL-authentication login; permissions are server permission names, e.g. "CONTROL SERVER". */
  public SqlServerInstance createSqlLogin(String login, String password, String... permissions) {
    IssuedSecrets.record("SQL login password", password);
    synchronized (LOCK) {
      Login created = new Login(catalog.newPrincipalId(), login, randomSid(), password, null, now());
      for (String permission : permissions) {
        created.permissions.add(Permissions.normalize(permission));
      }
      catalog.add(created);
    }
    return this;
  }

  /**
   * Gives the instance a managed identity (its client id), as on an Azure VM or Arc-enabled server:
   * credentials {@code WITH IDENTITY = 'Managed Identity'} sign in as it.
   */
  public SqlServerInstance assignManagedIdentity(String clientId) {
    ekm.assignManagedIdentity(clientId);
    return this;
  }

  /**
   * Grants a server permission ("ALTER ANY LOGIN") or a permission on a securable ("CONTROL ON
   * DATABASE::Sales", "VIEW DEFINITION ON ASYMMETRIC KEY::TDE_KEY2"), as {@code GRANT ... TO [login]} does.
   */
  public SqlServerInstance grant(String login, String permission) {
    synchronized (LOCK) {
      catalog.login(login).orElseThrow().permissions.add(Permissions.normalize(permission));
    }
    return this;
  }

  public SqlServerInstance revoke(String login, String permission) {
    synchronized (LOCK) {
      catalog.login(login).orElseThrow().permissions.remove(Permissions.normalize(permission));
    }
    return this;
  }

  /** The EKM connector's build, {@code sys.dm_cryptographic_provider_properties.provider_version}. */
  public String connectorVersion() {
    synchronized (LOCK) {
      return ekm.version();
    }
  }

  /**
   * Installs another connector build (e.g. "13.0.811.168" for 1.0.4.0) and restarts the service,
   * as the connector's upgrade instructions require. Keys registered under a build that derives
   * thumbprints differently no longer match (KB 4470999).
   */
  public SqlServerInstance installConnector(String providerVersion) {
    synchronized (LOCK) {
      ekm.install(providerVersion);
    }
    restart();
    return this;
  }

  /** {@code CREATE CRYPTOGRAPHIC PROVIDER [name] FROM FILE = '...Microsoft.AzureKeyVaultService.EKM.dll'}. */
  public SqlServerInstance createCryptographicProvider(String provider) {
    synchronized (LOCK) {
      catalog.add(new Provider(catalog.newProviderId(), provider, UUID.nameUUIDFromBytes(provider.getBytes()),
          "C:\\Program Files\\SQL Server Connector for Microsoft Azure Key Vault\\Microsoft.AzureKeyVaultService.EKM.dll"));
    }
    return this;
  }

  public SqlServerInstance createDatabase(String database) {
    synchronized (LOCK) {
      catalog.addDatabase(database);
    }
    return this;
  }

  /** Runs T-SQL as {@code login} (setup in tests and the demo); throws the first error. */
  public void execute(String login, String batch) throws SqlServerError {
    Login user;
    synchronized (LOCK) {
      user = catalog.login(login).orElseThrow();
    }
    for (StatementResult result : new InstanceSession(this, user, "master", false).execute(batch, Map.of())) {
      if (result instanceof StatementResult.Failed failed) {
        throw failed.error();
      }
    }
  }

  /**
   * {@code CREATE DATABASE ENCRYPTION KEY WITH ALGORITHM = AES_256 ENCRYPTION BY SERVER ASYMMETRIC
   * KEY [key]; ALTER DATABASE [db] SET ENCRYPTION ON} (encryption completes at once in the model).
   */
  public void enableTde(String database, String asymmetricKey) throws SqlServerError {
    synchronized (LOCK) {
      new EncryptionStatements(this).enableEncryption(catalog.database(database).orElseThrow(), asymmetricKey);
    }
  }

  /**
   * A log backup: truncates the inactive log, so only the current encryptor's VLF remains, and
   * lets the database encryption key be modified twice more.
   */
  public void backUpLog(String database) {
    synchronized (LOCK) {
      DatabaseEncryptionKey dek = catalog.database(database).orElseThrow().encryptionKey;
      if (dek != null) {
        dek.changesSinceLogBackup = 0;
        Vlf current = dek.log.get(dek.log.size() - 1);
        dek.log.clear();
        dek.log.add(current);
      }
    }
  }

  /**
   * Restarts the service: client connections are closed, the EKM provider forgets the secrets it
   * cached, {@code sqlserver_start_time} moves to now, and every TDE database is opened again
   * (RECOVERY_PENDING if its key cannot be used).
   */
  public void restart() {
    restartListeners.forEach(Runnable::run);
    synchronized (LOCK) {
      ekm.forgetCachedSecrets();
      startTime = now();
      reopenAllDatabases();
    }
  }

  /** Makes the engine open every TDE database key again now (as a checkpoint or backup would). */
  public void reopenAllDatabases() {
    synchronized (LOCK) {
      EncryptionStatements encryption = new EncryptionStatements(this);
      catalog.databases().forEach(encryption::open);
    }
  }

  public void onRestart(Runnable listener) {
    restartListeners.add(listener);
  }

  /** The thumbprint (upper-case hex) encrypting the database's key, if it has one. */
  public Optional<String> encryptorThumbprint(String database) {
    synchronized (LOCK) {
      return catalog.database(database)
          .map(d -> d.encryptionKey)
          .map(k -> HexFormat.of().withUpperCase().formatHex(k.encryptorThumbprint));
    }
  }

  /** Every vault key a database's DEK or a VLF of its log depends on (read-only, for invariant checks). */
  public List<EkmKeyReference> keyReferences() {
    synchronized (LOCK) {
      List<EkmKeyReference> references = new ArrayList<>();
      for (CatalogObjects.Database database : catalog.databases()) {
        DatabaseEncryptionKey dek = database.encryptionKey;
        if (dek == null) {
          continue;
        }
        references.add(reference(database.name, "DEK", dek.encryptorThumbprint));
        for (CatalogObjects.Vlf vlf : dek.log) {
          references.add(reference(database.name, "VLF " + vlf.sequence(), vlf.encryptorThumbprint()));
        }
      }
      return references;
    }
  }

  private EkmKeyReference reference(String database, String usedBy, byte[] thumbprint) {
    String hex = HexFormat.of().withUpperCase().formatHex(thumbprint);
    Optional<CatalogObjects.AsymmetricKey> key = catalog.asymmetricKeyByThumbprint(thumbprint);
    if (key.isEmpty()) {
      return new EkmKeyReference(name, database, usedBy, hex, null, null, null, null);
    }
    String vault = catalog.loginFor(key.get()).stream().flatMap(l -> l.credentials.stream())
        .filter(c -> c.identity != null)
        // a managed-identity credential is named after the vault's host; others name the vault in IDENTITY
        .map(c -> ManagedIdentityCredential.isManagedIdentity(c.identity) ? c.name : c.identity)
        .findFirst().orElse(null);
    return new EkmKeyReference(name, database, usedBy, hex, key.get().name, vault,
        key.get().keyNameWithoutVersion(), key.get().keyVersion);
  }

  /** The client secrets the EKM connector cached (read-only, for invariant checks). */
  public List<CachedEkmSecret> cachedEkmSecrets() {
    synchronized (LOCK) {
      List<CachedEkmSecret> cached = new ArrayList<>();
      ekm.cachedSecrets().forEach((credentialId, secret) -> catalog.credentials().stream()
          .filter(c -> c.id == credentialId).findFirst()
          .filter(c -> secret != null && secret.length() > 32)
          .ifPresent(c -> cached.add(new CachedEkmSecret(name, c.name, c.identity, clientIdOf(secret.substring(0, 32)),
              secret.substring(32)))));
      return cached;
    }
  }

  private static String clientIdOf(String hex) {
    return (hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20)).toLowerCase();
  }

  /** {@code sys.databases.state_desc}: ONLINE, or RECOVERY_PENDING when its key could not be opened. */
  public String databaseState(String database) {
    synchronized (LOCK) {
      return catalog.database(database).orElseThrow().state;
    }
  }

  public LocalDateTime startTime() {
    synchronized (LOCK) {
      return startTime;
    }
  }

  /** Authenticates a SQL login (error 18456 otherwise) and opens a session in {@code database}. */
  public SqlSession login(String user, String password, String database) throws SqlServerError {
    return login(user, password, database, false);
  }

  /** As {@link #login(String, String, String)}, with LOGIN7's read-only application intent flag. */
  public SqlSession login(String user, String password, String database, boolean readOnlyIntent)
      throws SqlServerError {
    synchronized (LOCK) {
      Login login = catalog.login(user).orElse(null);
      if (login == null || login.password == null || !login.password.equals(password)) {
        throw SqlServerError.loginFailed(user);
      }
      String target = database == null || database.isEmpty() ? "master" : database;
      Database db = catalog.database(target).orElse(null);
      if (db == null) {
        throw new SqlServerError(4060, 1, 11,
            "Cannot open database \"" + target + "\" requested by the login. The login failed.");
      }
      requireReadable(db, readOnlyIntent);
      return new InstanceSession(this, login, db.name, readOnlyIntent);
    }
  }

  /** SQL logins get a random 16-byte SID, as SQL Server gives them. */
  private static byte[] randomSid() {
    UUID id = UUID.randomUUID();
    return java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits()).array();
  }

  LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }

  ServerCatalog catalog() {
    return catalog;
  }

  EkmConnector ekm() {
    return ekm;
  }

  List<AvailabilityGroup> availabilityGroups() {
    return groups;
  }

  void joinAvailabilityGroup(AvailabilityGroup group) {
    groups.add(group);
  }

  DatabaseEncryptionKey sharedEncryptionKey(String database, AvailabilityGroup group) {
    Database db = catalog.database(database).orElseThrow(
        () -> new IllegalArgumentException(database + " does not exist on " + name));
    db.availabilityGroup = group;
    return db.encryptionKey;
  }

  void addReplicaDatabase(AvailabilityGroup group, DatabaseEncryptionKey sharedKey, String database) {
    Database copy = catalog.database(database).orElseGet(() -> catalog.addDatabase(database));
    copy.availabilityGroup = group;
    copy.encryptionKey = sharedKey;
    new EncryptionStatements(this).open(copy);
  }

  /** An availability group database on a secondary is usable only as the replica allows (976/978). */
  void requireReadable(Database database, boolean readOnlyIntent) throws SqlServerError {
    if (database.availabilityGroup != null) {
      database.availabilityGroup.requireReadable(this, database, readOnlyIntent);
    }
  }

  void reopenDatabase(String database) {
    catalog.database(database).ifPresent(new EncryptionStatements(this)::open);
  }

  @Override
  public String toString() {
    return "SqlServerInstance[" + name + "]";
  }
}

package io.keyrotation.sandbox.sqlserver.engine;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The mutable objects of one instance's catalog (all guarded by {@link SqlServerInstance#LOCK}). */
final class CatalogObjects {
  private CatalogObjects() {}

  static final class Provider {
    final int id;
    final String name;
    final UUID guid;
    final String dllPath;

    Provider(int id, String name, UUID guid, String dllPath) {
      this.id = id;
      this.name = name;
      this.guid = guid;
      this.dllPath = dllPath;
    }
  }

  static final class AsymmetricKey {
    final int id;
    final String name;
    final Provider provider;
    /** As written in PROVIDER_KEY_NAME: "name" or "name/version". */
    final String providerKeyName;
    /** The vault key version the name resolved to when the key was created. */
    final String keyVersion;
    final byte[] thumbprint;
    final byte[] sid;
    /** The login that created it: it owns the key and sees it without further permission. */
    final int ownerPrincipalId;

    AsymmetricKey(int id, String name, Provider provider, String providerKeyName, String keyVersion,
        byte[] thumbprint, byte[] sid, int ownerPrincipalId) {
      this.id = id;
      this.ownerPrincipalId = ownerPrincipalId;
      this.name = name;
      this.provider = provider;
      this.providerKeyName = providerKeyName;
      this.keyVersion = keyVersion;
      this.thumbprint = thumbprint;
      this.sid = sid;
    }

    String keyNameWithoutVersion() {
      int slash = providerKeyName.indexOf('/');
      return slash < 0 ? providerKeyName : providerKeyName.substring(0, slash);
    }
  }

  static final class Login {
    final int principalId;
    final String name;
    final byte[] sid;
    /** Null for logins mapped to an asymmetric key (they cannot log in). */
    final String password;
    final AsymmetricKey asymmetricKey;
    /** Normalised by {@link Permissions#normalize}. */
    final Set<String> permissions = new LinkedHashSet<>();
    final List<Credential> credentials = new ArrayList<>();
    final LocalDateTime createDate;

    Login(int principalId, String name, byte[] sid, String password, AsymmetricKey asymmetricKey,
        LocalDateTime createDate) {
      this.principalId = principalId;
      this.name = name;
      this.sid = sid;
      this.password = password;
      this.asymmetricKey = asymmetricKey;
      this.createDate = createDate;
    }

    boolean has(String permission) {
      return Permissions.has(this, permission);
    }

    String type() {
      return asymmetricKey == null ? "S" : "K";
    }

    String typeDescription() {
      return asymmetricKey == null ? "SQL_LOGIN" : "ASYMMETRIC_KEY_MAPPED_LOGIN";
    }
  }

  static final class Credential {
    final int id;
    final String name;
    final Provider provider;
    String identity;
    /** Never exposed by any catalog view, as in SQL Server. */
    String secret;
    final LocalDateTime createDate;
    LocalDateTime modifyDate;

    Credential(int id, String name, Provider provider, String identity, String secret, LocalDateTime now) {
      this.id = id;
      this.name = name;
      this.provider = provider;
      this.identity = identity;
      this.secret = secret;
      this.createDate = now;
      this.modifyDate = now;
    }
  }

  /** One virtual log file of a database's transaction log and the thumbprint that encrypts it. */
  record Vlf(long sequence, byte[] encryptorThumbprint) {}

  /**
   * A database encryption key. It lives inside the database, so replicas of an availability
   * group database share one instance of it.
   */
  static final class DatabaseEncryptionKey {
    static final int ENCRYPTED = 3;
    static final int PROTECTION_CHANGE = 6;
    static final int SCAN_RUNNING = 1;
    static final int SCAN_COMPLETE = 3;

    /** sys.dm_database_encryption_keys.encryption_state: 0 none ... 3 encrypted ... 6 protection change. */
    int encryptionState = ENCRYPTED;
    /** encryption_scan_state (SQL Server 2019+): 0 none, 1 running, 2 suspended, 3 complete, 4 aborted. */
    int scanState = SCAN_COMPLETE;
    /** While in state 6: when the protection change settles back to state 3. */
    LocalDateTime protectionChangeEnds;
    /** Modifications since the last log backup; a third one needs a log backup first (Msg 33122). */
    int changesSinceLogBackup;
    byte[] encryptorThumbprint;
    final LocalDateTime createDate;
    LocalDateTime modifyDate;
    LocalDateTime setDate;
    final List<Vlf> log = new ArrayList<>();
    long nextVlf = 1;

    DatabaseEncryptionKey(byte[] encryptorThumbprint, LocalDateTime now) {
      this.encryptorThumbprint = encryptorThumbprint;
      this.createDate = now;
      this.modifyDate = now;
      this.setDate = now;
      log.add(new Vlf(nextVlf++, encryptorThumbprint));
    }

    /** Ends a protection change whose time is up (the engine finishes it in the background). */
    void settle(LocalDateTime now) {
      if (encryptionState == PROTECTION_CHANGE && !now.isBefore(protectionChangeEnds)) {
        encryptionState = ENCRYPTED;
        protectionChangeEnds = null;
      }
    }

    /** A scan (states 2, 4, 5) or a protection change (6) is under way. */
    boolean changeInProgress() {
      return encryptionState == 2 || encryptionState == 4 || encryptionState == 5
          || encryptionState == PROTECTION_CHANGE;
    }
  }

  static final class Database {
    final int id;
    final String name;
    DatabaseEncryptionKey encryptionKey;
    String state = "ONLINE";
    AvailabilityGroup availabilityGroup;
    /** A filegroup of the database is READ_ONLY. */
    boolean readOnlyFilegroup;
    /** A full or differential backup of the database is running. */
    boolean dataBackupRunning;

    Database(int id, String name) {
      this.id = id;
      this.name = name;
    }
  }
}

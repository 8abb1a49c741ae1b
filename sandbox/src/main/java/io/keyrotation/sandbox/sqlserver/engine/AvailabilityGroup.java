package io.keyrotation.sandbox.sqlserver.engine;

import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Database;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An availability group of stand-in instances. Its databases are replicated: each replica has
 * its own copy in its catalog, but they share the database encryption key (it lives inside the
 * database), so re-encrypting it on the primary changes it on every secondary, and each
 * secondary must then be able to open the new key with its own asymmetric key and credential.
 */
public final class AvailabilityGroup {
  private final String name;
  private final UUID groupId = UUID.randomUUID();
  private final Map<SqlServerInstance, UUID> replicas = new LinkedHashMap<>();
  private final List<String> databases;
  private final Map<SqlServerInstance, SecondaryAccess> secondaryAccess = new LinkedHashMap<>();
  private SqlServerInstance primary;

  /**
   * {@code SECONDARY_ROLE (ALLOW_CONNECTIONS = ...)} of a replica, with the code of
   * {@code sys.availability_replicas.secondary_role_allow_connections}; NO is SQL Server's default.
   */
  public enum SecondaryAccess {
    NO(0), READ_ONLY(1), ALL(2);

    final int code;

    SecondaryAccess(int code) {
      this.code = code;
    }
  }

  private AvailabilityGroup(String name, List<String> databases) {
    this.name = name;
    this.databases = List.copyOf(databases);
  }

  /**
   * Creates the group with {@code primary} as primary replica; the databases must exist on the
   * primary and are joined on every secondary (which gets a copy sharing the encryption key).
   */
  public static AvailabilityGroup create(String name, SqlServerInstance primary, List<SqlServerInstance> secondaries,
      String... databases) {
    AvailabilityGroup group = new AvailabilityGroup(name, List.of(databases));
    synchronized (SqlServerInstance.LOCK) {
      group.primary = primary;
      group.replicas.put(primary, UUID.randomUUID());
      for (SqlServerInstance secondary : secondaries) {
        group.replicas.put(secondary, UUID.randomUUID());
      }
      for (SqlServerInstance replica : group.replicas.keySet()) {
        replica.joinAvailabilityGroup(group);
      }
      for (String database : databases) {
        for (SqlServerInstance secondary : secondaries) {
          secondary.addReplicaDatabase(group, primary.sharedEncryptionKey(database, group), database);
        }
      }
    }
    return group;
  }

  /** Makes {@code newPrimary} the primary replica (a planned manual failover). */
  public void failover(SqlServerInstance newPrimary) {
    synchronized (SqlServerInstance.LOCK) {
      if (!replicas.containsKey(newPrimary)) {
        throw new IllegalArgumentException(newPrimary.name() + " is not a replica of " + name);
      }
      primary = newPrimary;
    }
  }

  /** {@code ALTER AVAILABILITY GROUP ... MODIFY REPLICA ON ... WITH (SECONDARY_ROLE (ALLOW_CONNECTIONS = ...))}. */
  public AvailabilityGroup allowConnectionsOnSecondary(SqlServerInstance replica, SecondaryAccess access) {
    synchronized (SqlServerInstance.LOCK) {
      if (!replicas.containsKey(replica)) {
        throw new IllegalArgumentException(replica.name() + " is not a replica of " + name);
      }
      secondaryAccess.put(replica, access);
    }
    return this;
  }

  SecondaryAccess secondaryAccess(SqlServerInstance replica) {
    return secondaryAccess.getOrDefault(replica, SecondaryAccess.NO);
  }

  /**
   * Refuses a session's use of a group database on a secondary that does not accept it: Msg 976
   * when the replica allows no connections (or data movement is suspended there), Msg 978 when it
   * allows read-intent connections only and the session did not declare read-only intent.
   */
  void requireReadable(SqlServerInstance replica, Database copy, boolean readOnlyIntent) throws SqlServerError {
    if (isPrimary(replica)) {
      return;
    }
    SecondaryAccess access = secondaryAccess(replica);
    if (access == SecondaryAccess.NO || !copy.state.equals("ONLINE")) {
      throw new SqlServerError(976, 1, 14, "The target database, '" + copy.name + "', is participating in an "
          + "availability group and is currently not accessible for queries. Either data movement is suspended or "
          + "the availability replica is not enabled for read access. To allow read-only access to this and other "
          + "databases in the availability group, enable read access to one or more secondary availability "
          + "replicas in the group.  For more information, see the ALTER AVAILABILITY GROUP statement in SQL "
          + "Server Books Online.");
    }
    if (access == SecondaryAccess.READ_ONLY && !readOnlyIntent) {
      throw new SqlServerError(978, 1, 14, "The target database ('" + copy.name + "') is in an availability group "
          + "and is currently accessible for connections when the application intent is set to read only. For "
          + "more information about application intent, see SQL Server Books Online.");
    }
  }

  public String name() {
    return name;
  }

  public UUID groupId() {
    return groupId;
  }

  public List<String> databases() {
    return databases;
  }

  public boolean isPrimary(SqlServerInstance instance) {
    synchronized (SqlServerInstance.LOCK) {
      return Objects.equals(primary, instance);
    }
  }

  UUID replicaId(SqlServerInstance instance) {
    return replicas.get(instance);
  }

  List<SqlServerInstance> replicas() {
    return new ArrayList<>(replicas.keySet());
  }

  /** After the primary re-encrypted a database key: every secondary reopens the database. */
  void encryptionKeyChanged(String database) {
    for (SqlServerInstance replica : replicas.keySet()) {
      if (replica != primary) {
        replica.reopenDatabase(database);
      }
    }
  }
}

package io.keyrotation.sandbox.sqlserver.engine;

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
  private SqlServerInstance primary;

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

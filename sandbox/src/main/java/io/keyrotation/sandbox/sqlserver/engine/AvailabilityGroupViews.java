package io.keyrotation.sandbox.sqlserver.engine;

import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Database;
import io.keyrotation.sandbox.sqlserver.engine.CatalogViews.ViewArguments;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of {@code sys.availability_replicas} and {@code sys.dm_hadr_database_replica_states}
 * (columns and codes as documented for SQL Server). The primary replica sees every replica's
 * rows; a secondary sees only its own databases' rows.
 */
final class AvailabilityGroupViews {
  private AvailabilityGroupViews() {}

  static List<List<Object>> replicas(SqlServerInstance s, ViewArguments a) {
    List<List<Object>> rows = new ArrayList<>();
    for (AvailabilityGroup g : s.availabilityGroups()) {
      for (SqlServerInstance replica : g.replicas()) {
        AvailabilityGroup.SecondaryAccess access = g.secondaryAccess(replica);
        rows.add(Arrays.asList(g.replicaId(replica), g.groupId(), replica.name(), access.code, access.name()));
      }
    }
    return rows;
  }

  static List<List<Object>> databaseReplicaStates(SqlServerInstance s, ViewArguments a) {
    List<List<Object>> rows = new ArrayList<>();
    for (AvailabilityGroup g : s.availabilityGroups()) {
      boolean localIsPrimary = g.isPrimary(s);
      for (String name : g.databases()) {
        Database local = s.catalog().database(name).orElse(null);
        if (local == null) {
          continue;
        }
        for (SqlServerInstance replica : g.replicas()) {
          if (replica == s || localIsPrimary) {
            rows.add(row(g, replica, replica == s, local.id, name));
          }
        }
      }
    }
    return rows;
  }

  private static List<Object> row(AvailabilityGroup g, SqlServerInstance replica, boolean local, int databaseId,
      String name) {
    boolean primary = g.isPrimary(replica);
    boolean moving = g.replicas().stream().filter(r -> primary ? !g.isPrimary(r) : r == replica)
        .allMatch(r -> online(r, name));
    boolean online = online(replica, name);
    int synchronization = primary || online ? 2 : 0;
    int health = moving ? 2 : primary ? 1 : 0;
    return Arrays.asList(databaseId, g.groupId(), g.replicaId(replica), local, primary, synchronization,
        synchronization == 2 ? "SYNCHRONIZED" : "NOT SYNCHRONIZING", !primary && !online, health,
        health == 2 ? "HEALTHY" : health == 1 ? "PARTIALLY_HEALTHY" : "NOT_HEALTHY",
        online ? 0 : 3, online ? "ONLINE" : "RECOVERY_PENDING");
  }

  private static boolean online(SqlServerInstance replica, String database) {
    return replica.catalog().database(database).map(d -> d.state.equals("ONLINE")).orElse(false);
  }
}

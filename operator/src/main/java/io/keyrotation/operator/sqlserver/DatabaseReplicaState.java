package io.keyrotation.operator.sqlserver;

/**
 * One row of {@code sys.dm_hadr_database_replica_states}: an availability group database on one
 * replica, as seen from the connected instance (a primary sees every replica, a secondary itself).
 *
 * @param database the database name (joined from {@code sys.databases} by id)
 * @param group the availability group name
 * @param local whether the row is about the connected instance
 * @param primaryReplica whether the row's replica is the primary
 * @param synchronizationState 0 not synchronizing, 1 synchronizing, 2 synchronized, 3 reverting, 4 initializing
 * @param synchronizationHealth 0 not healthy, 1 partially healthy, 2 healthy
 * @param databaseState 0 online, 1 restoring, 2 recovering, 3 recovery pending, 4 suspect, 5 emergency, 6 offline
 */
public record DatabaseReplicaState(String database, String group, boolean local, boolean primaryReplica,
    int synchronizationState, int synchronizationHealth, int databaseState) {
  public static final int SYNCHRONIZED = 2;
  public static final int HEALTHY = 2;
  public static final int ONLINE = 0;

  /** Data movement reaches this copy and it is online: it can open the database encryption key. */
  public boolean isHealthy() {
    return synchronizationHealth == HEALTHY && databaseState == ONLINE;
  }
}

package io.keyrotation.operator.tde;

import io.keyrotation.operator.sqlserver.AvailabilityRole;
import java.util.List;

/**
 * Where databases are re-encrypted: on the primary of each availability group, or on an instance
 * that belongs to none. A secondary's database keys are read-only (Msg 3906).
 */
final class Replicas {
  private Replicas() {}

  static boolean takesDatabaseKeyChanges(List<AvailabilityRole> roles) {
    return roles.isEmpty() || roles.stream().anyMatch(r -> r.role() == AvailabilityRole.Role.PRIMARY);
  }
}

package io.keyrotation.operator.sqlserver;

/**
 * One row of {@code sys.availability_replicas}: a replica of a group and whether its databases
 * can be read while it is secondary ({@code secondary_role_allow_connections}).
 */
public record AvailabilityReplica(String group, String serverName, SecondaryAccess secondaryAccess) {
  /** 0 NO (SQL Server's default), 1 READ_ONLY (read-intent connections only), 2 ALL. */
  public enum SecondaryAccess {
    NO, READ_ONLY, ALL;

    static SecondaryAccess of(int code) {
      return switch (code) {
        case 1 -> READ_ONLY;
        case 2 -> ALL;
        default -> NO;
      };
    }
  }

  /** Whether the operator's connections (no read-only intent) can read its databases as a secondary. */
  public boolean readableAsSecondary() {
    return secondaryAccess == SecondaryAccess.ALL;
  }
}

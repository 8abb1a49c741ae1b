package io.keyrotation.operator.sqlserver;

/** This instance's role in one availability group. */
public record AvailabilityRole(String groupName, Role role) {
  public enum Role { PRIMARY, SECONDARY, RESOLVING }
}

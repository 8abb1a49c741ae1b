package io.keyrotation.operator.sqlserver;

/** How the gateway logs in; the driver's own {@code authentication=} modes. */
public enum SqlAuthentication {
  /** A SQL Server login: username and password. */
  SqlPassword("SqlPassword"),
  /** An Azure AD service principal: username is the client (application) id, password the client secret. */
  ActiveDirectoryServicePrincipal("ActiveDirectoryServicePrincipal");

  private final String driverValue;

  SqlAuthentication(String driverValue) {
    this.driverValue = driverValue;
  }

  public String driverValue() {
    return driverValue;
  }
}

package io.keyrotation.sandbox.sqlserver.engine;

/**
 * An error as SQL Server reports it in an ERROR token: message number, state, severity (class)
 * and text. Texts follow SQL Server's own wording for the numbers used.
 */
public final class SqlServerError extends Exception {
  private final int number;
  private final int state;
  private final int severity;

  public SqlServerError(int number, int state, int severity, String message) {
    super(message, null, false, false);
    this.number = number;
    this.state = state;
    this.severity = severity;
  }

  public int number() {
    return number;
  }

  public int state() {
    return state;
  }

  public int severity() {
    return severity;
  }

  public static SqlServerError syntaxNear(String token) {
    return new SqlServerError(102, 1, 15, "Incorrect syntax near '" + token + "'.");
  }

  public static SqlServerError loginFailed(String user) {
    return new SqlServerError(18456, 1, 14, "Login failed for user '" + user + "'.");
  }

  public static SqlServerError permissionDenied() {
    return new SqlServerError(15247, 1, 16, "User does not have permission to perform this action.");
  }

  public static SqlServerError viewServerStateDenied() {
    return new SqlServerError(
        300, 1, 14, "VIEW SERVER STATE permission was denied on object 'server', database 'master'.");
  }

  public static SqlServerError cannotFind(String kind, String name) {
    return new SqlServerError(
        15151, 1, 16,
        "Cannot find the " + kind + " '" + name + "', because it does not exist or you do not have permission.");
  }

  public static SqlServerError invalidObjectName(String name) {
    return new SqlServerError(208, 1, 16, "Invalid object name '" + name + "'.");
  }

  public static SqlServerError invalidColumnName(String name) {
    return new SqlServerError(207, 1, 16, "Invalid column name '" + name + "'.");
  }
}

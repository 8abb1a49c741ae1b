package io.keyrotation.sandbox.sqlserver.engine;

import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.AsymmetricKey;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Database;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Login;
import java.util.Locale;

/**
 * Who may do and see what, as SQL Server checks it for the statements and views the stand-in
 * models. Permissions are held per login as normalised strings: a server permission
 * ({@code "ALTER ANY LOGIN"}) or a permission on a securable ({@code "CONTROL ON DATABASE::SALES"},
 * {@code "VIEW DEFINITION ON ASYMMETRIC KEY::TDE_KEY2"}). {@code CONTROL SERVER} implies every
 * permission. Sources are cited in SQLSERVER-STANDIN.md, section "Permissions".
 */
final class Permissions {
  static final String CONTROL_SERVER = "CONTROL SERVER";

  private Permissions() {}

  /** Upper case, single spaces, no blanks around {@code ::} (names compare case-insensitively). */
  static String normalize(String permission) {
    return permission.trim().replaceAll("\\s+", " ").replaceAll("\\s*::\\s*", "::").toUpperCase(Locale.ROOT);
  }

  static String on(String permission, String securableClass, String name) {
    return normalize(permission + " ON " + securableClass + "::" + name);
  }

  static boolean has(Login login, String permission) {
    return login.permissions.contains(CONTROL_SERVER) || login.permissions.contains(normalize(permission));
  }

  /** CREATE LOGIN, ALTER LOGIN, CREATE/ALTER CREDENTIAL: Msg 15247 without the server permission. */
  static void requireServer(Login login, String permission) throws SqlServerError {
    if (!has(login, permission)) {
      throw SqlServerError.permissionDenied();
    }
  }

  /** CREATE ASYMMETRIC KEY is a database permission in master: Msg 262 without it. */
  static void requireCreateAsymmetricKey(Login login) throws SqlServerError {
    if (!has(login, "CREATE ASYMMETRIC KEY")) {
      throw new SqlServerError(262, 1, 14, "CREATE ASYMMETRIC KEY permission denied in database 'master'.");
    }
  }

  /** ALTER DATABASE ENCRYPTION KEY needs CONTROL on the database: Msg 297 without it. */
  static void requireControl(Login login, Database database) throws SqlServerError {
    if (!has(login, on("CONTROL", "DATABASE", database.name))) {
      throw new SqlServerError(297, 1, 16, "The user does not have permission to perform this action.");
    }
  }

  /**
   * Metadata visibility of an asymmetric key: its owner, a login with a permission on it, or one
   * holding VIEW ANY DEFINITION. An invisible key behaves as a missing one (Msg 15151).
   */
  static boolean canSee(Login login, AsymmetricKey key) {
    return key.ownerPrincipalId == login.principalId
        || has(login, "VIEW ANY DEFINITION")
        || has(login, on("VIEW DEFINITION", "ASYMMETRIC KEY", key.name))
        || has(login, on("CONTROL", "ASYMMETRIC KEY", key.name));
  }

  /** ALTER DATABASE ENCRYPTION KEY needs VIEW DEFINITION on the key; without it the key is not found. */
  static void requireViewDefinition(Login login, AsymmetricKey key) throws SqlServerError {
    if (!canSee(login, key)) {
      throw SqlServerError.cannotFind("asymmetric key", key.name);
    }
  }

  /** sys.credentials: VIEW ANY DEFINITION or ALTER ANY CREDENTIAL. */
  static boolean canSeeCredentials(Login login) {
    return has(login, "VIEW ANY DEFINITION") || has(login, "ALTER ANY CREDENTIAL");
  }

  /** sys.server_principals: a login always sees itself; others need ALTER ANY LOGIN or VIEW ANY DEFINITION. */
  static boolean canSee(Login viewer, Login other) {
    return viewer == other || has(viewer, "ALTER ANY LOGIN") || has(viewer, "VIEW ANY DEFINITION");
  }

  /**
   * sys.databases: master and tempdb for everyone; others need VIEW ANY DATABASE, ALTER ANY
   * DATABASE, CREATE DATABASE or a permission on the database. (SQL Server grants VIEW ANY DATABASE
   * to public by default; the stand-in does not, so a setup that relies on it says so.)
   */
  static boolean canSee(Login login, Database database) {
    String name = database.name.toLowerCase(Locale.ROOT);
    return name.equals("master") || name.equals("tempdb")
        || has(login, "VIEW ANY DATABASE") || has(login, "ALTER ANY DATABASE") || has(login, "CREATE DATABASE")
        || has(login, on("CONTROL", "DATABASE", database.name));
  }
}

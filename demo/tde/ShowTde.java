import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What a DBA would look at, read through mssql-jdbc: the asymmetric keys in master with their
 * thumbprints, and each database's encryption key protector. Run with the operator jar on the
 * class path: java -cp operator/target/keyrotation-operator.jar demo/tde/ShowTde.java
 * With the argument {@code states}: each database's sys.databases.state_desc (ONLINE when SQL Server
 * could open its encryption key through the connector) instead.
 * Connection from SQLSERVER_URL, SQLSERVER_USERNAME, SQLSERVER_PASSWORD (never printed).
 */
public class ShowTde {
  public static void main(String[] args) throws SQLException {
    Properties login = new Properties();
    login.put("user", System.getenv("SQLSERVER_USERNAME"));
    login.put("password", System.getenv("SQLSERVER_PASSWORD"));
    try (Connection sql = DriverManager.getConnection(System.getenv("SQLSERVER_URL"), login)) {
      if (args.length > 0 && args[0].equals("states")) {
        printStates(sql);
        return;
      }
      Map<String, String> keyByThumbprint = new LinkedHashMap<>();
      System.out.printf("%-34s %s%n", "ASYMMETRIC KEY (master)", "THUMBPRINT");
      try (ResultSet keys = sql.createStatement().executeQuery("SELECT name, thumbprint FROM sys.asymmetric_keys")) {
        while (keys.next()) {
          keyByThumbprint.put(keys.getString(2), keys.getString(1));
          System.out.printf("%-34s %s%n", keys.getString(1), keys.getString(2));
        }
      }
      Map<String, String> names = new LinkedHashMap<>();
      try (ResultSet dbs = sql.createStatement().executeQuery("SELECT database_id, name FROM sys.databases")) {
        while (dbs.next()) {
          names.put(dbs.getString(1), dbs.getString(2));
        }
      }
      System.out.printf("%n%-12s %-6s %-42s %s%n", "DATABASE", "STATE", "ENCRYPTOR THUMBPRINT", "PROTECTED BY");
      try (ResultSet deks = sql.createStatement().executeQuery(
          "SELECT database_id, encryption_state, encryptor_thumbprint FROM sys.dm_database_encryption_keys")) {
        while (deks.next()) {
          String name = names.get(deks.getString(1));
          if (!"tempdb".equals(name)) {
            System.out.printf("%-12s %-6s %-42s %s%n", name, deks.getString(2), deks.getString(3),
                keyByThumbprint.getOrDefault(deks.getString(3), "?"));
          }
        }
      }
    }
  }

  private static void printStates(Connection sql) throws SQLException {
    System.out.printf("%-12s %s%n", "DATABASE", "STATE_DESC");
    try (ResultSet dbs = sql.createStatement().executeQuery("SELECT name, state_desc FROM sys.databases")) {
      while (dbs.next()) {
        System.out.printf("%-12s %s%n", dbs.getString(1), dbs.getString(2));
      }
    }
  }
}

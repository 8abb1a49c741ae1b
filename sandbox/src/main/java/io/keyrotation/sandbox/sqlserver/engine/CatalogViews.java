package io.keyrotation.sandbox.sqlserver.engine;

import static io.keyrotation.sandbox.sqlserver.engine.SqlType.BIGINT;
import static io.keyrotation.sandbox.sqlserver.engine.SqlType.BIT;
import static io.keyrotation.sandbox.sqlserver.engine.SqlType.DATETIME;
import static io.keyrotation.sandbox.sqlserver.engine.SqlType.INT;
import static io.keyrotation.sandbox.sqlserver.engine.SqlType.NVARCHAR;
import static io.keyrotation.sandbox.sqlserver.engine.SqlType.UNIQUEIDENTIFIER;
import static io.keyrotation.sandbox.sqlserver.engine.SqlType.VARBINARY;

import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.AsymmetricKey;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Credential;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Database;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.DatabaseEncryptionKey;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Login;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Provider;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Vlf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The catalog views and dynamic management views/functions the gateway reads, each with the
 * subset of SQL Server's columns (same names and types) that the stand-in models. Views named
 * {@code sys.dm_*} require VIEW SERVER STATE. A credential's secret appears in no view.
 */
final class CatalogViews {
  /** One view: its columns, whether it is a function taking one argument, and its rows. */
  record View(List<Column> columns, boolean function,
      BiFunction<SqlServerInstance, ViewArguments, List<List<Object>>> rows) {}

  /**
   * What a view's rows depend on besides the instance: the session database, the argument, and
   * the login reading it (metadata visibility: a login sees only the rows {@link Permissions} allows).
   */
  record ViewArguments(String sessionDatabase, Object argument, Login login) {}

  /**
   * "This dynamic management view is currently not supported by the SQL Server EKM Connector"
   * (sys.dm_cryptographic_provider_keys reference page): the stand-in fails the query rather than
   * answer an empty set, the stricter of the two (see SQLSERVER-STANDIN.md).
   */
  static void requireSupported(String view) throws SqlServerError {
    if (view.equals("sys.dm_cryptographic_provider_keys")) {
      throw new SqlServerError(33085, 1, 16, "The cryptographic provider does not support this operation. "
          + "Provider error code: 3.  (Not Supported - Consult EKM Provider for details)");
    }
  }

  static final Map<String, View> VIEWS = new LinkedHashMap<>();

  static {
    view("sys.cryptographic_providers", false, CatalogViews::providers,
        c("provider_id", INT), c("name", NVARCHAR), c("guid", UNIQUEIDENTIFIER), c("version", NVARCHAR),
        c("dll_path", NVARCHAR), c("is_enabled", BIT));
    view("sys.asymmetric_keys", false, CatalogViews::asymmetricKeys,
        c("name", NVARCHAR), c("principal_id", INT), c("asymmetric_key_id", INT),
        c("pvt_key_encryption_type", NVARCHAR), c("pvt_key_encryption_type_desc", NVARCHAR),
        c("thumbprint", VARBINARY), c("algorithm_desc", NVARCHAR), c("key_length", INT), c("sid", VARBINARY),
        c("provider_type", NVARCHAR), c("cryptographic_provider_guid", UNIQUEIDENTIFIER));
    view("sys.dm_cryptographic_provider_keys", true, (s, a) -> List.of(), // never reached: see requireSupported
        c("key_id", INT), c("key_name", NVARCHAR), c("key_thumbprint", VARBINARY), c("algorithm_tag", NVARCHAR),
        c("key_type", NVARCHAR), c("key_length", INT));
    view("sys.dm_cryptographic_provider_properties", false, CatalogViews::providerProperties,
        c("provider_id", INT), c("guid", UNIQUEIDENTIFIER), c("provider_version", NVARCHAR),
        c("sqlcrypt_version", NVARCHAR), c("friendly_name", NVARCHAR), c("authentication_type", NVARCHAR));
    view("sys.server_principals", false, CatalogViews::principals,
        c("principal_id", INT), c("name", NVARCHAR), c("sid", VARBINARY), c("type", NVARCHAR),
        c("type_desc", NVARCHAR), c("is_disabled", BIT), c("create_date", DATETIME), c("credential_id", INT));
    view("sys.server_principal_credentials", false, CatalogViews::principalCredentials,
        c("principal_id", INT), c("credential_id", INT));
    view("sys.credentials", false, CatalogViews::credentials,
        c("credential_id", INT), c("name", NVARCHAR), c("credential_identity", NVARCHAR),
        c("create_date", DATETIME), c("modify_date", DATETIME), c("target_type", NVARCHAR), c("target_id", INT));
    view("sys.databases", false, CatalogViews::databases,
        c("database_id", INT), c("name", NVARCHAR), c("state", INT), c("state_desc", NVARCHAR),
        c("is_encrypted", BIT));
    view("sys.dm_database_encryption_keys", false, CatalogViews::encryptionKeys,
        c("database_id", INT), c("encryption_state", INT), c("create_date", DATETIME), c("modify_date", DATETIME),
        c("set_date", DATETIME), c("key_algorithm", NVARCHAR), c("key_length", INT),
        c("encryptor_thumbprint", VARBINARY), c("encryptor_type", NVARCHAR), c("percent_complete", INT),
        c("encryption_scan_state", INT));
    view("sys.dm_db_log_info", true, CatalogViews::logInfo,
        c("database_id", INT), c("file_id", INT), c("vlf_sequence_number", BIGINT), c("vlf_active", BIT),
        c("vlf_encryptor_thumbprint", VARBINARY));
    view("sys.availability_groups", false, CatalogViews::availabilityGroups,
        c("group_id", UNIQUEIDENTIFIER), c("name", NVARCHAR));
    view("sys.dm_hadr_availability_replica_states", false, CatalogViews::replicaStates,
        c("replica_id", UNIQUEIDENTIFIER), c("group_id", UNIQUEIDENTIFIER), c("is_local", BIT), c("role", INT),
        c("role_desc", NVARCHAR));
    view("sys.availability_replicas", false, AvailabilityGroupViews::replicas,
        c("replica_id", UNIQUEIDENTIFIER), c("group_id", UNIQUEIDENTIFIER), c("replica_server_name", NVARCHAR),
        c("secondary_role_allow_connections", INT), c("secondary_role_allow_connections_desc", NVARCHAR));
    view("sys.dm_hadr_database_replica_states", false, AvailabilityGroupViews::databaseReplicaStates,
        c("database_id", INT), c("group_id", UNIQUEIDENTIFIER), c("replica_id", UNIQUEIDENTIFIER),
        c("is_local", BIT), c("is_primary_replica", BIT), c("synchronization_state", INT),
        c("synchronization_state_desc", NVARCHAR), c("is_suspended", BIT), c("synchronization_health", INT),
        c("synchronization_health_desc", NVARCHAR), c("database_state", INT), c("database_state_desc", NVARCHAR));
    view("sys.dm_os_sys_info", false, CatalogViews::sysInfo,
        c("sqlserver_start_time", DATETIME), c("cpu_count", INT));
  }

  /** Columns that exist only from a product major version on (view.column to version). */
  private static final Map<String, Integer> COLUMN_SINCE = Map.of(
      "sys.dm_database_encryption_keys.encryption_scan_state", 15,
      "sys.dm_db_log_info.vlf_encryptor_thumbprint", 15,
      "sys.dm_hadr_database_replica_states.is_primary_replica", 12);

  private CatalogViews() {}

  /** Whether the instance's version has the column (Msg 207 otherwise, as an older server answers). */
  static boolean columnExists(SqlServerInstance s, String view, String column) {
    Integer since = COLUMN_SINCE.get(view + "." + column.toLowerCase(java.util.Locale.ROOT));
    return since == null || s.majorVersion() >= since;
  }

  private static Column c(String name, SqlType type) {
    return new Column(name, type);
  }

  private static void view(String name, boolean function,
      BiFunction<SqlServerInstance, ViewArguments, List<List<Object>>> rows, Column... columns) {
    VIEWS.put(name, new View(List.of(columns), function, rows));
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  private static List<List<Object>> providers(SqlServerInstance s, ViewArguments a) {
    List<List<Object>> rows = new ArrayList<>();
    for (Provider p : s.catalog().providers()) {
      rows.add(row(p.id, p.name, p.guid, s.connectorVersion(), p.dllPath, true));
    }
    return rows;
  }

  /** Visible to public (its reference page), unlike the other sys.dm_* views. */
  private static List<List<Object>> providerProperties(SqlServerInstance s, ViewArguments a) {
    List<List<Object>> rows = new ArrayList<>();
    for (Provider p : s.catalog().providers()) {
      rows.add(row(p.id, p.guid, s.connectorVersion(), "1.00.0000.00", "Azure Key Vault EKM Provider", "BASIC"));
    }
    return rows;
  }

  private static List<List<Object>> asymmetricKeys(SqlServerInstance s, ViewArguments a) {
    List<List<Object>> rows = new ArrayList<>();
    if (!a.sessionDatabase().equalsIgnoreCase("master")) {
      return rows; // the model keeps asymmetric keys in master only, where TDE needs them
    }
    for (AsymmetricKey k : s.catalog().asymmetricKeys()) {
      if (!Permissions.canSee(a.login(), k)) {
        continue;
      }
      rows.add(row(k.name, 1, k.id, "CP", "ENCRYPTED_BY_CRYPTOGRAPHIC_PROVIDER", k.thumbprint, "RSA_2048", 2048,
          k.sid, "CRYPTOGRAPHIC PROVIDER", k.provider.guid));
    }
    return rows;
  }

  private static List<List<Object>> principals(SqlServerInstance s, ViewArguments a) {
    List<List<Object>> rows = new ArrayList<>();
    for (Login l : s.catalog().logins()) {
      if (!Permissions.canSee(a.login(), l)) {
        continue;
      }
      Integer credentialId = l.credentials.isEmpty() ? null : l.credentials.get(0).id;
      rows.add(row(l.principalId, l.name, l.sid, l.type(), l.typeDescription(), false, l.createDate, credentialId));
    }
    return rows;
  }

  private static List<List<Object>> principalCredentials(SqlServerInstance s, ViewArguments a) {
    List<List<Object>> rows = new ArrayList<>();
    for (Login l : s.catalog().logins()) {
      if (!Permissions.canSee(a.login(), l)) {
        continue;
      }
      for (Credential c : l.credentials) {
        rows.add(row(l.principalId, c.id));
      }
    }
    return rows;
  }

  private static List<List<Object>> credentials(SqlServerInstance s, ViewArguments a) {
    List<List<Object>> rows = new ArrayList<>();
    if (!Permissions.canSeeCredentials(a.login())) {
      return rows;
    }
    for (Credential c : s.catalog().credentials()) {
      rows.add(row(c.id, c.name, c.identity, c.createDate, c.modifyDate,
          c.provider == null ? null : "CRYPTOGRAPHIC PROVIDER", c.provider == null ? null : c.provider.id));
    }
    return rows;
  }

  private static List<List<Object>> databases(SqlServerInstance s, ViewArguments a) {
    List<List<Object>> rows = new ArrayList<>();
    for (Database d : s.catalog().databases()) {
      if (!Permissions.canSee(a.login(), d)) {
        continue;
      }
      boolean online = d.state.equals("ONLINE");
      rows.add(row(d.id, d.name, online ? 0 : 3, d.state, d.encryptionKey != null));
    }
    return rows;
  }

  private static List<List<Object>> encryptionKeys(SqlServerInstance s, ViewArguments a) {
    List<List<Object>> rows = new ArrayList<>();
    boolean anyEncrypted = false;
    for (Database d : s.catalog().databases()) {
      DatabaseEncryptionKey k = d.encryptionKey;
      if (k != null) {
        k.settle(s.now());
        anyEncrypted |= k.encryptionState == 3;
        rows.add(row(d.id, k.encryptionState, k.createDate, k.modifyDate, k.setDate, "AES", 256,
            k.encryptorThumbprint, "ASYMMETRIC KEY", 0, k.scanState));
      }
    }
    if (anyEncrypted) {
      // tempdb is encrypted by the engine itself as soon as any database uses TDE
      rows.add(0, row(2, 3, s.startTime(), s.startTime(), s.startTime(), "AES", 256, new byte[0], null, 0,
          DatabaseEncryptionKey.SCAN_COMPLETE));
    }
    return rows;
  }

  private static List<List<Object>> logInfo(SqlServerInstance s, ViewArguments a) {
    List<List<Object>> rows = new ArrayList<>();
    for (Database d : s.catalog().databases()) {
      if (a.argument() instanceof Number id && d.id == id.intValue()) {
        if (d.encryptionKey == null) {
          rows.add(row(d.id, 2, 1L, true, null));
        } else {
          List<Vlf> log = d.encryptionKey.log;
          for (Vlf vlf : log) {
            rows.add(row(d.id, 2, vlf.sequence(), true, vlf.encryptorThumbprint()));
          }
        }
      }
    }
    return rows;
  }

  private static List<List<Object>> availabilityGroups(SqlServerInstance s, ViewArguments a) {
    List<List<Object>> rows = new ArrayList<>();
    for (AvailabilityGroup g : s.availabilityGroups()) {
      rows.add(row(g.groupId(), g.name()));
    }
    return rows;
  }

  private static List<List<Object>> replicaStates(SqlServerInstance s, ViewArguments a) {
    List<List<Object>> rows = new ArrayList<>();
    for (AvailabilityGroup g : s.availabilityGroups()) {
      boolean localIsPrimary = g.isPrimary(s);
      for (SqlServerInstance replica : g.replicas()) {
        boolean local = replica == s;
        if (local || localIsPrimary) { // a secondary sees only its own row
          boolean primary = g.isPrimary(replica);
          rows.add(row(g.replicaId(replica), g.groupId(), local, primary ? 1 : 2, primary ? "PRIMARY" : "SECONDARY"));
        }
      }
    }
    return rows;
  }

  private static List<List<Object>> sysInfo(SqlServerInstance s, ViewArguments a) {
    return List.of(row(s.startTime(), 2));
  }
}

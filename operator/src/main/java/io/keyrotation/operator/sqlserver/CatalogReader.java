package io.keyrotation.operator.sqlserver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Catalog reads over one connection, each a single-view {@link PreparedStatement}; joins happen
 * here in Java so every query stays simple and version-independent.
 */
final class CatalogReader {
  static final String PROVIDERS = "SELECT provider_id, name, guid, is_enabled FROM sys.cryptographic_providers";
  /** Visible to public, unlike the other sys.dm_* views. */
  static final String PROVIDER_VERSIONS =
      "SELECT provider_id, provider_version FROM sys.dm_cryptographic_provider_properties";
  static final String ASYMMETRIC_KEYS = "SELECT name, thumbprint, sid, pvt_key_encryption_type, "
      + "cryptographic_provider_guid FROM sys.asymmetric_keys";
  static final String PRINCIPALS_OF_TYPE = "SELECT principal_id, name, sid FROM sys.server_principals WHERE type = ?";
  static final String PRINCIPAL_NAMED = "SELECT principal_id FROM sys.server_principals WHERE name = ?";
  static final String PRINCIPAL_CREDENTIALS = "SELECT principal_id, credential_id FROM sys.server_principal_credentials";
  static final String CREDENTIALS =
      "SELECT credential_id, name, credential_identity, target_type, target_id, modify_date FROM sys.credentials";
  static final String DATABASES = "SELECT database_id, name, state_desc FROM sys.databases";
  static final String ENCRYPTION_KEYS = "SELECT database_id, encryption_state, encryptor_type, encryptor_thumbprint "
      + "FROM sys.dm_database_encryption_keys";
  static final String ENCRYPTION_KEYS_2019 = "SELECT database_id, encryption_state, encryptor_type, "
      + "encryptor_thumbprint, encryption_scan_state FROM sys.dm_database_encryption_keys";
  static final String DATABASE_REPLICA_STATES = "SELECT database_id, group_id, is_local, is_primary_replica, "
      + "synchronization_state, synchronization_health, database_state FROM sys.dm_hadr_database_replica_states";
  static final String AVAILABILITY_REPLICAS =
      "SELECT group_id, replica_server_name, secondary_role_allow_connections FROM sys.availability_replicas";
  static final String LOG_THUMBPRINTS = "SELECT vlf_encryptor_thumbprint FROM sys.dm_db_log_info(?)";
  static final String LOCAL_REPLICA =
      "SELECT group_id, role_desc FROM sys.dm_hadr_availability_replica_states WHERE is_local = 1";
  static final String AVAILABILITY_GROUPS = "SELECT group_id, name FROM sys.availability_groups";
  static final String START_TIME = "SELECT sqlserver_start_time FROM sys.dm_os_sys_info";

  private static final int LAST_SYSTEM_DATABASE_ID = 4;
  /** SQL Server 2019: sys.dm_database_encryption_keys has encryption_scan_state from this version on. */
  private static final int SCAN_STATE_SINCE_VERSION = 15;
  private static final int INVALID_OBJECT = 208;
  private static final int INVALID_COLUMN = 207;
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  private final Connection connection;
  private final int timeoutSeconds;

  CatalogReader(Connection connection, int timeoutSeconds) {
    this.connection = connection;
    this.timeoutSeconds = timeoutSeconds;
  }

  private interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setQueryTimeout(timeoutSeconds);
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      List<T> rows = new ArrayList<>();
      try (ResultSet resultSet = statement.executeQuery()) {
        while (resultSet.next()) {
          rows.add(mapper.map(resultSet));
        }
      }
      return rows;
    }
  }

  List<CryptographicProvider> providers() throws SQLException {
    Map<Integer, String> versions = new HashMap<>();
    for (Object[] row : query(PROVIDER_VERSIONS, r -> new Object[] {r.getInt("provider_id"),
        r.getString("provider_version")})) {
      versions.put((Integer) row[0], (String) row[1]);
    }
    return query(PROVIDERS, r -> new CryptographicProvider(r.getInt("provider_id"), r.getString("name"),
        r.getBoolean("is_enabled"), versions.get(r.getInt("provider_id"))));
  }

  /** The keys this login may see (metadata visibility: owned, or VIEW DEFINITION granted). */
  List<AsymmetricKey> asymmetricKeys() throws SQLException {
    Map<String, String> providerNameByGuid = new HashMap<>();
    for (String[] provider : query(PROVIDERS, r -> new String[] {r.getString("name"), r.getString("guid")})) {
      providerNameByGuid.put(lower(provider[1]), provider[0]);
    }
    return query(ASYMMETRIC_KEYS, r -> new AsymmetricKey(r.getString("name"), hex(r.getBytes("thumbprint")),
        providerNameByGuid.get(lower(r.getString("cryptographic_provider_guid"))),
        r.getString("pvt_key_encryption_type")));
  }

  List<KeyMappedLogin> keyMappedLogins() throws SQLException {
    Map<String, String> keyNameBySid = new HashMap<>();
    for (String[] key : query(ASYMMETRIC_KEYS, r -> new String[] {hex(r.getBytes("sid")), r.getString("name")})) {
      keyNameBySid.put(key[0], key[1]);
    }
    Map<Integer, String> credentialNames = new HashMap<>();
    for (SqlCredentialRow row : credentialRows()) {
      credentialNames.put(row.id(), row.name());
    }
    Map<Integer, List<String>> credentialsByPrincipal = new HashMap<>();
    for (int[] mapping : query(PRINCIPAL_CREDENTIALS, r -> new int[] {r.getInt("principal_id"),
        r.getInt("credential_id")})) {
      credentialsByPrincipal.computeIfAbsent(mapping[0], p -> new ArrayList<>()).add(credentialNames.get(mapping[1]));
    }
    return query(PRINCIPALS_OF_TYPE, r -> new KeyMappedLogin(r.getString("name"),
        keyNameBySid.get(hex(r.getBytes("sid"))),
        credentialsByPrincipal.getOrDefault(r.getInt("principal_id"), List.of())), "K");
  }

  /** The credentials mapped to any login (SQL, Windows or key-mapped), or empty if there is no such login. */
  Optional<List<String>> loginCredentials(String login) throws SQLException {
    List<Integer> ids = query(PRINCIPAL_NAMED, r -> r.getInt("principal_id"), login);
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    Map<Integer, String> credentialNames = new HashMap<>();
    for (SqlCredentialRow row : credentialRows()) {
      credentialNames.put(row.id(), row.name());
    }
    List<String> names = new ArrayList<>();
    for (int[] mapping : query(PRINCIPAL_CREDENTIALS, r -> new int[] {r.getInt("principal_id"),
        r.getInt("credential_id")})) {
      if (mapping[0] == ids.get(0)) {
        names.add(credentialNames.get(mapping[1]));
      }
    }
    return Optional.of(names);
  }

  private record SqlCredentialRow(int id, String name, String identity, String targetType, Integer targetId,
      LocalDateTime modified) {}

  private List<SqlCredentialRow> credentialRows() throws SQLException {
    return query(CREDENTIALS, r -> new SqlCredentialRow(r.getInt("credential_id"), r.getString("name"),
        r.getString("credential_identity"), r.getString("target_type"), (Integer) r.getObject("target_id"),
        localTime(r.getTimestamp("modify_date"))));
  }

  List<SqlCredential> credentials() throws SQLException {
    Map<Integer, String> providerNames = new HashMap<>();
    providers().forEach(p -> providerNames.put(p.id(), p.name()));
    List<SqlCredential> credentials = new ArrayList<>();
    for (SqlCredentialRow row : credentialRows()) {
      String provider = "CRYPTOGRAPHIC PROVIDER".equals(row.targetType()) ? providerNames.get(row.targetId()) : null;
      credentials.add(new SqlCredential(row.name(), row.identity(), provider, row.modified()));
    }
    return credentials;
  }

  /** User databases (system databases and tempdb's engine-managed key left out). */
  List<DatabaseEncryption> databases() throws SQLException {
    // the server's version (from the login acknowledgement) decides whether the scan state exists
    boolean scanState = connection.getMetaData().getDatabaseMajorVersion() >= SCAN_STATE_SINCE_VERSION;
    Map<Integer, Object[]> keys = new HashMap<>();
    for (Object[] key : query(scanState ? ENCRYPTION_KEYS_2019 : ENCRYPTION_KEYS, r -> new Object[] {
        r.getInt("database_id"), r.getInt("encryption_state"), r.getString("encryptor_type"),
        hex(r.getBytes("encryptor_thumbprint")), scanState ? (Integer) r.getInt("encryption_scan_state") : null})) {
      keys.put((Integer) key[0], key);
    }
    List<DatabaseEncryption> databases = new ArrayList<>();
    for (Object[] db : databaseRows()) {
      int id = (Integer) db[0];
      if (id > LAST_SYSTEM_DATABASE_ID) {
        Object[] key = keys.get(id);
        databases.add(key == null
            ? new DatabaseEncryption(id, (String) db[1], (String) db[2], 0, null, null, null)
            : new DatabaseEncryption(id, (String) db[1], (String) db[2], (Integer) key[1], (Integer) key[4],
                (String) key[2], (String) key[3]));
      }
    }
    return databases;
  }

  private List<Object[]> databaseRows() throws SQLException {
    return query(DATABASES, r -> new Object[] {r.getInt("database_id"), r.getString("name"),
        r.getString("state_desc")});
  }

  /** Thumbprints the database's log still uses; empty when the server predates the column (before 2019). */
  Optional<Set<String>> logThumbprints(int databaseId) throws SQLException {
    try {
      Set<String> thumbprints = new LinkedHashSet<>();
      for (String thumbprint : query(LOG_THUMBPRINTS, r -> hex(r.getBytes(1)), databaseId)) {
        if (thumbprint != null && !thumbprint.isEmpty()) {
          thumbprints.add(thumbprint);
        }
      }
      return Optional.of(thumbprints);
    } catch (SQLException e) {
      if (e.getErrorCode() == INVALID_OBJECT || e.getErrorCode() == INVALID_COLUMN) {
        return Optional.empty();
      }
      throw e;
    }
  }

  List<AvailabilityRole> availabilityRoles() throws SQLException {
    Map<String, String> groupNames = new HashMap<>();
    for (String[] group : query(AVAILABILITY_GROUPS, r -> new String[] {lower(r.getString("group_id")),
        r.getString("name")})) {
      groupNames.put(group[0], group[1]);
    }
    return query(LOCAL_REPLICA, r -> new AvailabilityRole(groupNames.get(lower(r.getString("group_id"))),
        role(r.getString("role_desc"))));
  }

  List<DatabaseReplicaState> databaseReplicaStates() throws SQLException {
    Map<String, String> groupNames = groupNames();
    Map<Integer, String> databaseNames = new HashMap<>();
    for (Object[] db : databaseRows()) {
      databaseNames.put((Integer) db[0], (String) db[1]);
    }
    return query(DATABASE_REPLICA_STATES, r -> new DatabaseReplicaState(databaseNames.get(r.getInt("database_id")),
        groupNames.get(lower(r.getString("group_id"))), r.getBoolean("is_local"), r.getBoolean("is_primary_replica"),
        r.getInt("synchronization_state"), r.getInt("synchronization_health"), r.getInt("database_state")));
  }

  List<AvailabilityReplica> availabilityReplicas() throws SQLException {
    Map<String, String> groupNames = groupNames();
    return query(AVAILABILITY_REPLICAS, r -> new AvailabilityReplica(groupNames.get(lower(r.getString("group_id"))),
        r.getString("replica_server_name"),
        AvailabilityReplica.SecondaryAccess.of(r.getInt("secondary_role_allow_connections"))));
  }

  private Map<String, String> groupNames() throws SQLException {
    Map<String, String> groupNames = new HashMap<>();
    for (String[] group : query(AVAILABILITY_GROUPS, r -> new String[] {lower(r.getString("group_id")),
        r.getString("name")})) {
      groupNames.put(group[0], group[1]);
    }
    return groupNames;
  }

  LocalDateTime startTime() throws SQLException {
    return query(START_TIME, r -> localTime(r.getTimestamp(1))).get(0);
  }

  private static AvailabilityRole.Role role(String description) {
    if ("PRIMARY".equalsIgnoreCase(description)) return AvailabilityRole.Role.PRIMARY;
    if ("SECONDARY".equalsIgnoreCase(description)) return AvailabilityRole.Role.SECONDARY;
    return AvailabilityRole.Role.RESOLVING;
  }

  static String hex(byte[] bytes) {
    return bytes == null ? null : HEX.formatHex(bytes);
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  private static LocalDateTime localTime(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toLocalDateTime();
  }
}

package io.keyrotation.operator.sqlserver;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SqlServerGateway} over mssql-jdbc. Each call opens its own short-lived connection to
 * {@code master}; catalog reads are single-view prepared statements; DDL is rendered with
 * {@link TSql} after {@link SqlNames} validation; driver exceptions become
 * {@link GatewayException}s through {@link SqlErrorClassifier}.
 */
public final class JdbcSqlServerGateway implements SqlServerGateway {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSqlServerGateway.class);

  private final SqlServerEndpoint endpoint;
  private final SqlConnections connections;
  private final int statementTimeoutSeconds;

  /** Sessions show the driver's default host name (this machine's) as {@code host_name()}. */
  public JdbcSqlServerGateway(SqlServerEndpoint endpoint) {
    this(endpoint, null);
  }

  /** @param workstationId what SQL Server shows as {@code host_name()} of the sessions: the replica's name; null: the host's */
  public JdbcSqlServerGateway(SqlServerEndpoint endpoint, String workstationId) {
    this.endpoint = endpoint;
    this.connections = new SqlConnections(endpoint, workstationId);
    this.statementTimeoutSeconds = SqlConnections.seconds(endpoint.statementTimeout().toMillis());
  }

  @Override
  public SqlServerEndpoint endpoint() {
    return endpoint;
  }

  // ---- reads ----

  @Override
  public List<CryptographicProvider> cryptographicProviders() {
    return read("reading cryptographic providers", CatalogReader::providers);
  }

  @Override
  public List<AsymmetricKey> asymmetricKeys() {
    return read("reading asymmetric keys", CatalogReader::asymmetricKeys);
  }

  @Override
  public List<KeyMappedLogin> loginsFromAsymmetricKeys() {
    return read("reading logins mapped to asymmetric keys", CatalogReader::keyMappedLogins);
  }

  @Override
  public List<SqlCredential> credentials() {
    return read("reading credentials", CatalogReader::credentials);
  }

  @Override
  public List<String> credentialsOfLogin(String login) {
    SqlNames.requireIdentifier("login name", login);
    return read("reading the credentials of login '" + login + "'", reader -> mappedCredentials(reader, login));
  }

  @Override
  public List<DatabaseEncryption> databaseEncryption() {
    return read("reading database encryption keys", CatalogReader::databases);
  }

  @Override
  public Optional<Set<String>> logThumbprints(String database) {
    SqlNames.requireIdentifier("database name", database);
    return read("reading the log of database '" + database + "'", reader -> {
      DatabaseEncryption db = find(reader.databases(), database);
      return reader.logThumbprints(db.databaseId());
    });
  }

  @Override
  public List<AvailabilityRole> availabilityRoles() {
    return read("reading availability group roles", reader -> unlessWithoutAlwaysOn(reader::availabilityRoles));
  }

  @Override
  public List<DatabaseReplicaState> databaseReplicaStates() {
    return read("reading availability group database replica states",
        reader -> unlessWithoutAlwaysOn(reader::databaseReplicaStates));
  }

  @Override
  public List<AvailabilityReplica> availabilityReplicas() {
    return read("reading availability replicas", reader -> unlessWithoutAlwaysOn(reader::availabilityReplicas));
  }

  private interface ListRead<T> {
    List<T> get() throws SQLException;
  }

  private static <T> List<T> unlessWithoutAlwaysOn(ListRead<T> read) throws SQLException {
    try {
      return read.get();
    } catch (SQLException e) {
      if (e.getErrorCode() == 208) {
        return List.of(); // no Always On on this edition
      }
      throw e;
    }
  }

  @Override
  public LocalDateTime startTime() {
    return read("reading the start time", CatalogReader::startTime);
  }

  @Override
  public boolean restartPendingFor(String credential) {
    SqlNames.requireIdentifier("credential name", credential);
    return read("checking whether credential '" + credential + "' awaits a restart", reader -> {
      LocalDateTime started = reader.startTime();
      SqlCredential found = reader.credentials().stream().filter(c -> c.name().equalsIgnoreCase(credential))
          .findFirst().orElseThrow(() -> new GatewayException(FailureReason.NotFound, "SQL Server '"
              + endpoint.name() + "' has no credential '" + credential + "'"));
      return found.modifiedAt() != null && found.modifiedAt().isAfter(started);
    });
  }

  // ---- steps ----

  @Override
  public StepResult createAsymmetricKey(String keyName, String providerKeyName, KeyIntent intent) {
    SqlNames.requireIdentifier("asymmetric key name", keyName);
    SqlNames.requireProviderKeyName(providerKeyName);
    String operation = "creating asymmetric key '" + keyName + "' from provider key '" + providerKeyName + "'";
    return step(operation, List.of(), (reader, connection) -> {
      Optional<AsymmetricKey> existing = reader.asymmetricKeys().stream()
          .filter(k -> k.name().equalsIgnoreCase(keyName)).findFirst();
      if (existing.isPresent()) {
        requireOwnEarlierKey(existing.get(), intent);
        return false;
      }
      execute(connection, "CREATE ASYMMETRIC KEY " + TSql.identifier(keyName) + " FROM PROVIDER "
          + TSql.identifier(endpoint.ekmProvider()) + " WITH PROVIDER_KEY_NAME = " + TSql.literal(providerKeyName)
          + ", CREATION_DISPOSITION = OPEN_EXISTING");
      return true;
    });
  }

  /** An existing key is the caller's earlier work only if recorded in status and what can be checked agrees. */
  private void requireOwnEarlierKey(AsymmetricKey key, KeyIntent intent) {
    String problem = null;
    if (intent != KeyIntent.RECORDED_IN_STATUS) {
      problem = "the operator has no record of creating it";
    } else if (!key.heldByProvider()) {
      problem = "it is not an EKM key (its private key is not held by a cryptographic provider)";
    } else if (!key.providerName().equalsIgnoreCase(endpoint.ekmProvider())) {
      problem = "it belongs to provider '" + key.providerName() + "', not '" + endpoint.ekmProvider() + "'";
    }
    if (problem != null) {
      throw new GatewayException(FailureReason.Conflict, "SQL Server '" + endpoint.name()
          + "' already has asymmetric key '" + key.name() + "' and " + problem
          + "; SQL Server cannot tell which vault key is behind it, so choose another asymmetric key name");
    }
  }

  @Override
  public StepResult ensureOwnEkmCredential(String name, String vaultName, EkmCredentialSecret secret) {
    if (endpoint.authentication() != SqlAuthentication.SqlPassword) {
      throw new GatewayException(FailureReason.InvalidSpec, "SQL Server '" + endpoint.name() + "': mapping an EKM "
          + "credential to the operator's own login is supported for SQL logins only; map it as a DBA");
    }
    String login = endpoint.username();
    StepResult created = createCredential(name, vaultName, secret);
    StepResult mapped = step("mapping credential '" + name + "' to the operator's login '" + login + "'", List.of(),
        (reader, connection) -> {
          List<String> mine = mappedCredentials(reader, login);
          if (mine.stream().anyMatch(c -> c.equalsIgnoreCase(name))) {
            return false;
          }
          Optional<String> other = reader.credentials().stream()
              .filter(c -> endpoint.ekmProvider().equalsIgnoreCase(c.providerName()))
              .map(SqlCredential::name).filter(c -> mine.stream().anyMatch(c::equalsIgnoreCase)).findFirst();
          if (other.isPresent()) {
            throw new GatewayException(FailureReason.Conflict, "SQL Server '" + endpoint.name() + "': login '"
                + login + "' already has credential '" + other.get() + "' for provider '" + endpoint.ekmProvider()
                + "' (one per provider); configure that name, or have a DBA drop the mapping");
          }
          execute(connection, "ALTER LOGIN " + TSql.identifier(login) + " ADD CREDENTIAL " + TSql.identifier(name));
          return true;
        });
    return created == StepResult.APPLIED || mapped == StepResult.APPLIED ? StepResult.APPLIED : StepResult.ALREADY_DONE;
  }

  @Override
  public StepResult createLoginFromAsymmetricKey(String login, String keyName) {
    SqlNames.requireIdentifier("login name", login);
    SqlNames.requireIdentifier("asymmetric key name", keyName);
    String operation = "creating login '" + login + "' from asymmetric key '" + keyName + "'";
    return step(operation, List.of(), (reader, connection) -> {
      Optional<KeyMappedLogin> existing = reader.keyMappedLogins().stream()
          .filter(l -> l.name().equalsIgnoreCase(login)).findFirst();
      if (existing.isPresent()) {
        if (!keyName.equalsIgnoreCase(existing.get().asymmetricKeyName())) {
          throw new GatewayException(FailureReason.Conflict, "SQL Server '" + endpoint.name() + "': login '"
              + login + "' exists for asymmetric key '" + existing.get().asymmetricKeyName() + "', not '" + keyName
              + "'");
        }
        return false;
      }
      execute(connection, "CREATE LOGIN " + TSql.identifier(login) + " FROM ASYMMETRIC KEY "
          + TSql.identifier(keyName));
      return true;
    });
  }

  @Override
  public StepResult createManagedIdentityCredential(String vaultDnsName) {
    SqlNames.requireIdentifier("credential name", vaultDnsName);
    String identity = "Managed Identity";
    return step("creating managed identity credential '" + vaultDnsName + "'", List.of(), (reader, connection) -> {
      Optional<SqlCredential> existing = reader.credentials().stream()
          .filter(c -> c.name().equalsIgnoreCase(vaultDnsName)).findFirst();
      if (existing.isPresent()) {
        SqlCredential credential = existing.get();
        if (!identity.equalsIgnoreCase(credential.identity())
            || !endpoint.ekmProvider().equalsIgnoreCase(credential.providerName())) {
          throw new GatewayException(FailureReason.Conflict, "SQL Server '" + endpoint.name() + "': credential '"
              + vaultDnsName + "' exists with identity '" + credential.identity() + "' for provider '"
              + credential.providerName() + "', not the managed identity");
        }
        return false;
      }
      execute(connection, "CREATE CREDENTIAL " + TSql.identifier(vaultDnsName) + " WITH IDENTITY = "
          + TSql.literal(identity) + " FOR CRYPTOGRAPHIC PROVIDER " + TSql.identifier(endpoint.ekmProvider()));
      return true;
    });
  }

  @Override
  public StepResult createCredential(String name, String vaultName, EkmCredentialSecret secret) {
    SqlNames.requireIdentifier("credential name", name);
    SqlNames.requireEkmIdentity(vaultName);
    String operation = "creating credential '" + name + "'";
    SecretStatementGuard.requireValidatedTls(endpoint, operation);
    return step(operation, List.of(secret.reveal()), (reader, connection) -> {
      Optional<SqlCredential> existing = reader.credentials().stream()
          .filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
      if (existing.isPresent()) {
        SqlCredential credential = existing.get();
        if (!vaultName.equalsIgnoreCase(credential.identity())
            || !endpoint.ekmProvider().equalsIgnoreCase(credential.providerName())) {
          throw new GatewayException(FailureReason.Conflict, "SQL Server '" + endpoint.name() + "': credential '"
              + name + "' exists with identity '" + credential.identity() + "' for provider '"
              + credential.providerName() + "'");
        }
        return false;
      }
      execute(connection, "CREATE CREDENTIAL " + TSql.identifier(name) + " WITH IDENTITY = "
          + TSql.literal(vaultName) + ", SECRET = " + TSql.literal(secret.reveal())
          + " FOR CRYPTOGRAPHIC PROVIDER " + TSql.identifier(endpoint.ekmProvider()));
      return true;
    });
  }

  @Override
  public StepResult addCredentialToLogin(String login, String credential) {
    return mapCredential(login, credential, true);
  }

  @Override
  public StepResult dropCredentialFromLogin(String login, String credential) {
    return mapCredential(login, credential, false);
  }

  private StepResult mapCredential(String login, String credential, boolean add) {
    SqlNames.requireIdentifier("login name", login);
    SqlNames.requireIdentifier("credential name", credential);
    String operation = (add ? "adding" : "removing") + " credential '" + credential + "' " + (add ? "to" : "from")
        + " login '" + login + "'";
    return step(operation, List.of(), (reader, connection) -> {
      boolean mapped = mappedCredentials(reader, login).stream().anyMatch(c -> c.equalsIgnoreCase(credential));
      if (mapped == add) {
        return false;
      }
      execute(connection, "ALTER LOGIN " + TSql.identifier(login) + (add ? " ADD" : " DROP") + " CREDENTIAL "
          + TSql.identifier(credential));
      return true;
    });
  }

  @Override
  public StepResult alterCredentialSecret(String name, String vaultName, EkmCredentialSecret secret) {
    SqlNames.requireIdentifier("credential name", name);
    SqlNames.requireEkmIdentity(vaultName);
    SecretStatementGuard.requireValidatedTls(endpoint, "changing the secret of credential '" + name + "'");
    return step("changing the secret of credential '" + name + "'", List.of(secret.reveal()),
        (reader, connection) -> {
          execute(connection, "ALTER CREDENTIAL " + TSql.identifier(name) + " WITH IDENTITY = "
              + TSql.literal(vaultName) + ", SECRET = " + TSql.literal(secret.reveal()));
          return true;
        });
  }

  @Override
  public StepResult encryptDatabaseKeyWith(String database, String keyName) {
    SqlNames.requireIdentifier("database name", database);
    SqlNames.requireIdentifier("asymmetric key name", keyName);
    String operation = "re-encrypting the database key of '" + database + "' with asymmetric key '" + keyName + "'";
    return outcome(operation, List.of(), (reader, connection) -> {
      AsymmetricKey key = reader.asymmetricKeys().stream().filter(k -> k.name().equalsIgnoreCase(keyName))
          .findFirst().orElseThrow(() -> new GatewayException(FailureReason.NotFound, "SQL Server '"
              + endpoint.name() + "' has no asymmetric key '" + keyName + "'"));
      DatabaseEncryption db = find(reader.databases(), database);
      if (!db.hasEncryptionKey()) {
        throw new GatewayException(FailureReason.InvalidSpec, "database '" + database + "' on SQL Server '"
            + endpoint.name() + "' has no database encryption key (TDE is not enabled)");
      }
      if (db.isEncryptedBy(key.thumbprint())) {
        return StepResult.ALREADY_DONE;
      }
      if (db.changeInProgress()) {
        return StepResult.IN_PROGRESS;
      }
      // a plain batch, not a PreparedStatement: a USE inside sp_executesql reverts when the call ends
      execute(connection, "USE " + TSql.identifier(db.name()));
      try {
        execute(connection, "ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY "
            + TSql.identifier(keyName));
      } catch (SQLException e) {
        if (e.getErrorCode() == SqlErrorClassifier.KEY_CHANGE_IN_PROGRESS) {
          return StepResult.IN_PROGRESS; // a scan started between the read and the statement
        }
        throw e;
      }
      return StepResult.APPLIED;
    });
  }

  // ---- plumbing ----

  private interface Read<T> {
    T apply(CatalogReader reader) throws SQLException;
  }

  private interface Step {
    /** Returns true if it ran a statement. */
    boolean apply(CatalogReader reader, Connection connection) throws SQLException;
  }

  private <T> T read(String operation, Read<T> read) {
    try (Connection connection = connections.open()) {
      return read.apply(new CatalogReader(connection, statementTimeoutSeconds));
    } catch (SQLException e) {
      throw SqlErrorClassifier.classify(endpoint.name(), operation, e, secrets(List.of()));
    }
  }

  private interface Outcome {
    StepResult apply(CatalogReader reader, Connection connection) throws SQLException;
  }

  private StepResult step(String operation, List<String> stepSecrets, Step step) {
    return outcome(operation, stepSecrets, (reader, connection) ->
        step.apply(reader, connection) ? StepResult.APPLIED : StepResult.ALREADY_DONE);
  }

  private StepResult outcome(String operation, List<String> stepSecrets, Outcome step) {
    try (Connection connection = connections.open()) {
      StepResult result = step.apply(new CatalogReader(connection, statementTimeoutSeconds), connection);
      if (result == StepResult.APPLIED) {
        LOG.info("SQL Server '{}': {} done", endpoint.name(), operation);
      } else if (result == StepResult.IN_PROGRESS) {
        LOG.info("SQL Server '{}': {} waits for a change in progress", endpoint.name(), operation);
      }
      return result;
    } catch (SQLException e) {
      GatewayException failure = SqlErrorClassifier.classify(endpoint.name(), operation, e, secrets(stepSecrets));
      LOG.warn("{} ({})", failure.getMessage(), failure.reason());
      throw failure;
    }
  }

  private List<String> secrets(List<String> stepSecrets) {
    List<String> all = new ArrayList<>(stepSecrets);
    all.add(endpoint.password());
    return all;
  }

  private void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(statementTimeoutSeconds);
      boolean resultSet = statement.execute(sql);
      // an error raised by a later statement of the batch surfaces only while walking the results
      while (resultSet || statement.getUpdateCount() != -1) {
        resultSet = statement.getMoreResults();
      }
    }
  }

  private List<String> mappedCredentials(CatalogReader reader, String login) throws SQLException {
    return reader.loginCredentials(login)
        .orElseThrow(() -> new GatewayException(FailureReason.NotFound, "SQL Server '" + endpoint.name()
            + "' has no login '" + login + "'"));
  }

  private DatabaseEncryption find(List<DatabaseEncryption> databases, String database) {
    return databases.stream().filter(d -> d.name().equalsIgnoreCase(database)).findFirst()
        .orElseThrow(() -> new GatewayException(FailureReason.NotFound, "SQL Server '" + endpoint.name()
            + "' has no user database '" + database + "'"));
  }
}

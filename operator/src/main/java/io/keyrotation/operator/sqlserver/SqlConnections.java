package io.keyrotation.operator.sqlserver;

import com.microsoft.sqlserver.jdbc.SQLServerDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens short-lived connections to one instance from its {@link SqlServerEndpoint}. Each session names its client as
 * a DBA sees it in {@code sys.dm_exec_sessions}: {@code program_name} {@value #PROGRAM_NAME}, {@code host_name} the
 * replica (the workstation id), so that a session of a standby replica would stand out.
 */
final class SqlConnections {
  static final String PROGRAM_NAME = "keyrotation-operator";

  private final SQLServerDataSource dataSource = new SQLServerDataSource();
  private final SqlServerEndpoint endpoint;

  SqlConnections(SqlServerEndpoint endpoint) {
    this(endpoint, null);
  }

  /** @param workstationId the replica's name, or null for the driver's default (this machine's host name) */
  SqlConnections(SqlServerEndpoint endpoint, String workstationId) {
    this.endpoint = endpoint;
    dataSource.setServerName(endpoint.host());
    dataSource.setPortNumber(endpoint.port());
    dataSource.setDatabaseName("master");
    dataSource.setApplicationName(PROGRAM_NAME);
    if (workstationId != null) {
      dataSource.setWorkstationID(workstationId);
    }
    dataSource.setEncrypt(endpoint.tls().encrypt().driverValue());
    dataSource.setTrustServerCertificate(endpoint.tls().trustServerCertificate());
    if (endpoint.tls().hostNameInCertificate() != null) {
      dataSource.setHostNameInCertificate(endpoint.tls().hostNameInCertificate());
    }
    if (!endpoint.tls().trustedCas().isEmpty()) {
      dataSource.setTrustStoreType("JKS");
      dataSource.setTrustStore(TrustedCas.trustStoreFile(endpoint.tls().trustedCas()).toString());
    }
    if (endpoint.tls().serverCertificate() != null) {
      dataSource.setServerCertificate(endpoint.tls().serverCertificate().toString());
    }
    if (endpoint.authentication() != SqlAuthentication.SqlPassword) {
      // any authentication= value, even SqlPassword, makes the driver treat the login as federated
      // and force TLS on (unless strict); plain SQL logins therefore leave it unset
      dataSource.setAuthentication(endpoint.authentication().driverValue());
    }
    dataSource.setUser(endpoint.username());
    dataSource.setPassword(endpoint.password());
    dataSource.setLoginTimeout(seconds(endpoint.connectTimeout().toMillis()));
    dataSource.setQueryTimeout(seconds(endpoint.statementTimeout().toMillis()));
    // a server that goes silent must not hang a reconcile: twice the statement timeout
    dataSource.setSocketTimeout((int) Math.min(Integer.MAX_VALUE, endpoint.statementTimeout().toMillis() * 2));
    // short-lived connections: no transparent reconnect that could replay a step unseen
    dataSource.setConnectRetryCount(0);
  }

  /** For tests of the settings mapping. */
  SQLServerDataSource dataSource() {
    return dataSource;
  }

  Connection open() throws SQLException {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      throw TlsFailure.of(endpoint, e).orElseThrow(() -> e);
    }
  }

  static int seconds(long millis) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
  }
}

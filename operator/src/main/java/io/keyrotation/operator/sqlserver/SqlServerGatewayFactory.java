package io.keyrotation.operator.sqlserver;

import io.keyrotation.operator.metrics.MeteredSqlServerGateway;

/**
 * Creates the gateway for one instance. Controllers hold a factory rather than gateways, so the
 * endpoint (and the password resolved from the login Secret) is current on every reconcile.
 */
@FunctionalInterface
public interface SqlServerGatewayFactory {
  SqlServerGateway create(SqlServerEndpoint endpoint);

  /**
   * The production factory: mssql-jdbc with short-lived connections, each call counted and timed, each session
   * naming this replica as its {@code host_name()}.
   */
  static SqlServerGatewayFactory mssqlJdbc(String instanceName) {
    return endpoint -> MeteredSqlServerGateway.wrap(new JdbcSqlServerGateway(endpoint, instanceName));
  }

  /** As above, the sessions naming this machine (the driver's default), for tools and tests that are no replica. */
  static SqlServerGatewayFactory mssqlJdbc() {
    return endpoint -> MeteredSqlServerGateway.wrap(new JdbcSqlServerGateway(endpoint));
  }
}

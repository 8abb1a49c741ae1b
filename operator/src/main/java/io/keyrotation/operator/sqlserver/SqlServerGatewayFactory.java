package io.keyrotation.operator.sqlserver;

import io.keyrotation.operator.metrics.MeteredSqlServerGateway;

/**
 * Creates the gateway for one instance. Controllers hold a factory rather than gateways, so the
 * endpoint (and the password resolved from the login Secret) is current on every reconcile.
 */
@FunctionalInterface
public interface SqlServerGatewayFactory {
  SqlServerGateway create(SqlServerEndpoint endpoint);

  /** The production factory: mssql-jdbc with short-lived connections, each call counted and timed. */
  static SqlServerGatewayFactory mssqlJdbc() {
    return endpoint -> MeteredSqlServerGateway.wrap(new JdbcSqlServerGateway(endpoint));
  }
}

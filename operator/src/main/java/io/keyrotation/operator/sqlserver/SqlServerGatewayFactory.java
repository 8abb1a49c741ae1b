package io.keyrotation.operator.sqlserver;

/**
 * Creates the gateway for one instance. Controllers hold a factory rather than gateways, so the
 * endpoint (and the password resolved from the login Secret) is current on every reconcile.
 */
@FunctionalInterface
public interface SqlServerGatewayFactory {
  SqlServerGateway create(SqlServerEndpoint endpoint);

  /** The production factory: mssql-jdbc with short-lived connections. */
  static SqlServerGatewayFactory mssqlJdbc() {
    return JdbcSqlServerGateway::new;
  }
}

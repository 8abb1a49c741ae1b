package io.keyrotation.sandbox.sqlserver;

import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import io.keyrotation.sandbox.sqlserver.tds.TdsServer;
import java.io.IOException;

/**
 * A running SQL Server stand-in: one {@link SqlServerInstance} served over TDS 7.4 on
 * 127.0.0.1, without TLS (clients connect with {@code encrypt=false}).
 *
 * <pre>
 * try (SqlServerStandIn sql = SqlServerStandIn.start(instance, 0)) {
 *   String url = sql.jdbcUrl(); // jdbc:sqlserver://127.0.0.1:PORT;encrypt=false
 * }
 * </pre>
 */
public final class SqlServerStandIn implements AutoCloseable {
  private final SqlServerInstance instance;
  private final TdsServer server;

  private SqlServerStandIn(SqlServerInstance instance, TdsServer server) {
    this.instance = instance;
    this.server = server;
  }

  /** Starts listening; {@code port} 0 picks a free port. A restart of the instance drops client connections. */
  public static SqlServerStandIn start(SqlServerInstance instance, int port) throws IOException {
    TdsServer server = new TdsServer(instance, port);
    instance.onRestart(server::closeClientConnections);
    return new SqlServerStandIn(instance, server);
  }

  public SqlServerInstance instance() {
    return instance;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return server.port();
  }

  public String jdbcUrl() {
    return "jdbc:sqlserver://" + host() + ":" + port() + ";encrypt=false";
  }

  @Override
  public void close() {
    server.close();
  }
}

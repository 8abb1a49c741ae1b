package io.keyrotation.sandbox.sqlserver;

import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import io.keyrotation.sandbox.sqlserver.tds.ClientLogin;
import io.keyrotation.sandbox.sqlserver.tds.TdsServer;
import io.keyrotation.sandbox.sqlserver.tds.TdsTls;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * A running SQL Server stand-in: one {@link SqlServerInstance} served over TDS on a loopback address.
 *
 * <pre>
 * // as production runs: TLS with the sandbox certificate, Force Encryption on
 * try (SqlServerStandIn sql = SqlServerStandIn.start(instance, Options.withTls(tls))) {
 *   String url = sql.jdbcUrl(); // jdbc:sqlserver://localhost:PORT;encrypt=true;trustStore=...
 * }
 * // without a certificate: only encrypt=false clients get in, and the login travels in clear
 * SqlServerStandIn.start(instance, 0);
 * </pre>
 */
public final class SqlServerStandIn implements AutoCloseable {
  private final SqlServerInstance instance;
  private final TdsServer server;
  private final Options options;
  private final ClientTrustStore trustStore;

  /**
   * @param address where to listen (loopback: 127.0.0.1 or ::1)
   * @param port 0 picks a free port
   * @param certificate the server certificate, or null for a stand-in without TLS
   * @param forceEncryption the instance's "Force Encryption": clients asking for no or login-only encryption are
   *     made to encrypt the whole session, clients that cannot encrypt are refused
   */
  public record Options(InetAddress address, int port, SandboxTls certificate, boolean forceEncryption) {
    public static Options withTls(SandboxTls certificate) {
      return new Options(InetAddress.getLoopbackAddress(), 0, certificate, true);
    }

    public static Options plain() {
      return new Options(InetAddress.getLoopbackAddress(), 0, null, false);
    }

    public Options onPort(int newPort) {
      return new Options(address, newPort, certificate, forceEncryption);
    }

    public Options on(InetAddress newAddress) {
      return new Options(newAddress, port, certificate, forceEncryption);
    }

    public Options forcingEncryption(boolean force) {
      return new Options(address, port, certificate, force);
    }
  }

  private SqlServerStandIn(SqlServerInstance instance, TdsServer server, Options options, ClientTrustStore trustStore) {
    this.instance = instance;
    this.server = server;
    this.options = options;
    this.trustStore = trustStore;
  }

  /** Without TLS, on 127.0.0.1; {@code port} 0 picks a free port. A restart of the instance drops client connections. */
  public static SqlServerStandIn start(SqlServerInstance instance, int port) throws IOException {
    return start(instance, Options.plain().onPort(port));
  }

  public static SqlServerStandIn start(SqlServerInstance instance, Options options) throws IOException {
    SandboxTls certificate = options.certificate();
    TdsTls tls = certificate == null ? null : new TdsTls(certificate.serverContext(), options.forceEncryption());
    TdsServer server = new TdsServer(instance, options.address(), options.port(), tls);
    instance.onRestart(server::closeClientConnections);
    ClientTrustStore trustStore = certificate == null ? null : ClientTrustStore.write(certificate);
    return new SqlServerStandIn(instance, server, options, trustStore);
  }

  public SqlServerInstance instance() {
    return instance;
  }

  /** The name to connect to: {@code localhost} (in the sandbox certificate) for 127.0.0.1, else the address. */
  public String host() {
    InetAddress address = options.address();
    if (address instanceof Inet6Address) {
      return address.isLoopbackAddress() ? "::1" : address.getHostAddress();
    }
    return address.isLoopbackAddress() ? "localhost" : address.getHostAddress();
  }

  public int port() {
    return server.port();
  }

  /** TCP connections accepted since start. */
  public int connectionsAccepted() {
    return server.connectionsAccepted();
  }

  /**
   * Every login attempt since start or the last {@link #clearLogins()}, oldest first: who connected, as
   * {@code host_name()} and {@code program_name()} would tell a DBA (the client's workstation id and application name).
   */
  public List<ClientLogin> logins() {
    return server.logins();
  }

  public void clearLogins() {
    server.clearLogins();
  }

  /** A JKS trust store holding the server certificate (public), for clients; null without TLS. */
  public Path clientTrustStore() {
    return trustStore == null ? null : trustStore.file();
  }

  /** Mandatory encryption with the certificate validated against the trust store; {@code encrypt=false} without TLS. */
  public String jdbcUrl() {
    // an IPv6 literal goes in serverName: the URL's host:port form cannot carry it
    String server = host().contains(":") ? "jdbc:sqlserver://;serverName=" + host() + ";portNumber=" + port()
        : "jdbc:sqlserver://" + host() + ":" + port();
    if (trustStore == null) {
      return server + ";encrypt=false";
    }
    return server + ";encrypt=true;trustServerCertificate=false;trustStoreType=JKS;trustStore=" + trustStore.file();
  }

  @Override
  public void close() {
    server.close();
    if (trustStore != null) {
      trustStore.delete();
    }
  }
}

package io.keyrotation.sandbox.sqlserver.tds;

import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accepts TCP connections on a loopback port and serves each on its own thread. */
public final class TdsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TdsServer.class);

  private final ServerSocket serverSocket;
  private final SqlServerInstance instance;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;

  public TdsServer(SqlServerInstance instance, int port) throws IOException {
    this.instance = instance;
    this.serverSocket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "tds-accept-" + instance.name());
    acceptor.setDaemon(true);
    acceptor.start();
    LOG.info("SQL Server stand-in '{}' listening on 127.0.0.1:{}", instance.name(), port());
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** Closes every client connection, as an instance restart does. */
  public void closeClientConnections() {
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket socket = serverSocket.accept();
        socket.setTcpNoDelay(true);
        open.add(socket);
        Thread worker = new Thread(() -> {
          try {
            new TdsSession(socket, instance).run();
          } finally {
            open.remove(socket);
          }
        }, "tds-session-" + instance.name());
        worker.setDaemon(true);
        worker.start();
      } catch (IOException e) {
        if (!serverSocket.isClosed()) {
          LOG.warn("accept failed", e);
        }
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(serverSocket);
    closeClientConnections();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // closing anyway
    }
  }
}

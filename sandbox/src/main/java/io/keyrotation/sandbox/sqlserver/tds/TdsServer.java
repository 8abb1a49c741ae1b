package io.keyrotation.sandbox.sqlserver.tds;

import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts TCP connections and serves each on its own thread. Once {@link #close()} returns, no connection is
 * served any more: the accept thread has ended and whatever it accepted has been closed.
 */
public final class TdsServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TdsServer.class);
  private static final long ACCEPT_THREAD_JOIN_MILLIS = 5_000;

  private final ServerSocket serverSocket;
  private final SqlServerInstance instance;
  private final TdsTls tls;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<ClientLogin> logins = Collections.synchronizedList(new ArrayList<>());
  private final Thread acceptor;
  private volatile boolean closed;

  /** @param tls null: no certificate, the server answers PRELOGIN with ENCRYPT_NOT_SUP */
  public TdsServer(SqlServerInstance instance, InetAddress address, int port, TdsTls tls) throws IOException {
    this.instance = instance;
    this.tls = tls;
    this.serverSocket = new ServerSocket(port, 50, address);
    this.acceptor = new Thread(this::acceptLoop, "tds-accept-" + instance.name());
    acceptor.setDaemon(true);
    acceptor.start();
    LOG.info("SQL Server stand-in '{}' listening on {} port {} ({})", instance.name(), address.getHostAddress(),
        port(), tls == null ? "no TLS" : tls.forceEncryption() ? "TLS, Force Encryption" : "TLS");
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** How many TCP connections were accepted since start (tests prove with it that nothing reached the server). */
  public int connectionsAccepted() {
    return accepted.get();
  }

  /** Every LOGIN7 received since start (or the last {@link #clearLogins()}), oldest first. */
  public List<ClientLogin> logins() {
    synchronized (logins) {
      return List.copyOf(logins);
    }
  }

  public void clearLogins() {
    logins.clear();
  }

  /** Closes every client connection, as an instance restart does. */
  public void closeClientConnections() {
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("accept failed", e);
        }
        continue;
      }
      open.add(socket);
      if (closed) { // accepted while close() ran: never serve it
        open.remove(socket);
        closeQuietly(socket);
        return;
      }
      accepted.incrementAndGet();
      serve(socket);
    }
  }

  private void serve(Socket socket) {
    Thread worker = new Thread(() -> {
      try {
        socket.setTcpNoDelay(true);
        new TdsSession(socket, instance, tls, logins::add).run();
      } catch (IOException e) {
        LOG.debug("connection setup failed: {}", e.toString());
      } finally {
        open.remove(socket);
        closeQuietly(socket);
      }
    }, "tds-session-" + instance.name());
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(serverSocket);
    if (Thread.currentThread() != acceptor) {
      try {
        acceptor.join(ACCEPT_THREAD_JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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

package io.keyrotation.sandbox.sqlserver.tds;

import io.keyrotation.sandbox.sqlserver.engine.FaultInjector.RequestFault;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerError;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import io.keyrotation.sandbox.sqlserver.engine.SqlSession;
import io.keyrotation.sandbox.sqlserver.engine.StatementResult;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one client connection: TLS first (TDS 8.0) or PRELOGIN with TLS inside it (TDS 7.x), LOGIN7, then SQL
 * batches, RPCs and attentions.
 */
final class TdsSession implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(TdsSession.class);
  private static final int MIN_PACKET = 512;
  private static final int MAX_PACKET = 32767;

  private final Socket socket;
  private final SqlServerInstance instance;
  private final SessionEncryption encryption;
  private final Consumer<ClientLogin> logins;
  private final Map<Integer, PreparedText> prepared = new HashMap<>();
  private TdsPacketChannel channel;
  private SqlSession session;
  private int nextHandle = 1;

  private record PreparedText(String declarations, String statement) {}

  /**
   * @param tls null for the plain stand-in (no certificate: encryption not supported)
   * @param logins told of every LOGIN7, accepted or not
   */
  TdsSession(Socket socket, SqlServerInstance instance, TdsTls tls, Consumer<ClientLogin> logins) {
    this.socket = socket;
    this.instance = instance;
    this.encryption = new SessionEncryption(socket, tls);
    this.logins = logins;
  }

  @Override
  public void run() {
    try (socket) {
      channel = encryption.open();
      if (channel == null) {
        return;
      }
      for (TdsMessage message = channel.read(); message != null; message = channel.read()) {
        if (!handle(message)) {
          return;
        }
      }
    } catch (IOException e) {
      LOG.debug("connection ended: {}", e.toString());
    } catch (RuntimeException e) {
      LOG.warn("protocol failure, closing the connection", e);
    }
  }

  /** Returns false when the connection must be closed. */
  private boolean handle(TdsMessage message) throws IOException {
    switch (message.type()) {
      case TdsMessage.PRELOGIN -> {
        return encryption.prelogin(message.payload(), channel, instance.majorVersion());
      }
      case TdsMessage.LOGIN7 -> {
        if (!encryption.preloginDone()) {
          throw new IOException("LOGIN7 before PRELOGIN");
        }
        return login(Login7Request.parse(message.payload()));
      }
      case TdsMessage.ATTENTION -> {
        sendAttentionAck();
        return true;
      }
      case TdsMessage.SQL_BATCH, TdsMessage.RPC -> {
        if (session == null) {
          throw new IOException("request before login");
        }
        return request(message);
      }
      default -> throw new IOException("unsupported TDS message type " + message.type());
    }
  }

  private boolean login(Login7Request login) throws IOException {
    ResponseBuilder reply = new ResponseBuilder(instance.name());
    Instant received = Instant.now();
    try {
      session = instance.login(login.userName(), login.password(), login.database(), login.readOnlyIntent());
      logins.accept(new ClientLogin(received, login.hostName(), login.appName(), login.userName(), login.database(), true));
    } catch (SqlServerError e) {
      logins.accept(new ClientLogin(received, login.hostName(), login.appName(), login.userName(), login.database(), false));
      reply.error(e).done(ResponseBuilder.DONE, ResponseBuilder.STATUS_ERROR, 0, 0);
      channel.write(TdsMessage.TABULAR_RESULT, reply.finish());
      return false;
    }
    int packetSize = login.packetSize() >= MIN_PACKET && login.packetSize() <= MAX_PACKET ? login.packetSize() : 4096;
    reply.envChange(1, session.database(), "master")
        .info(5701, "Changed database context to '" + session.database() + "'.")
        .collationEnvChange()
        .loginAck("Microsoft SQL Server", instance.majorVersion(), 0, 4135)
        .envChange(4, Integer.toString(packetSize), "4096")
        .done(ResponseBuilder.DONE, 0, 0, 0);
    channel.write(TdsMessage.TABULAR_RESULT, reply.finish());
    channel.packetSize(packetSize);
    return true;
  }

  private boolean request(TdsMessage message) throws IOException {
    if (message.type() == TdsMessage.SQL_BATCH) {
      TdsReader reader = TdsReader.afterAllHeaders(message.payload());
      String text = new String(message.payload(), reader.position(),
          message.payload().length - reader.position(), StandardCharsets.UTF_16LE);
      return serve(text, () -> batchReply(text));
    }
    List<RpcCall> calls = RpcCall.parseAll(message.payload());
    String text = calls.stream().map(this::statementText).reduce("", (a, b) -> a + "\n" + b);
    return serve(text, () -> rpcReply(calls));
  }

  private interface Reply {
    byte[] build() throws IOException;
  }

  private boolean serve(String text, Reply reply) throws IOException {
    RequestFault fault = instance.faults().onRequest(text);
    if (fault.dropBefore()) {
      LOG.info("fault injection: dropping the connection before a request");
      return false;
    }
    if (!fault.delay().isZero() && waitUnlessCancelled(fault.delay().toMillis())) {
      return true;
    }
    byte[] bytes = reply.build();
    if (fault.dropAfter()) {
      LOG.info("fault injection: dropping the connection after a request ran");
      return false;
    }
    channel.write(TdsMessage.TABULAR_RESULT, bytes);
    return true;
  }

  /** Sleeps; returns true if the client sent an attention meanwhile (already acknowledged). */
  private boolean waitUnlessCancelled(long millis) throws IOException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < deadline) {
      if (channel.hasPendingInput()) {
        TdsMessage next = channel.read();
        if (next == null) {
          throw new IOException("closed while waiting");
        }
        if (next.type() == TdsMessage.ATTENTION) {
          sendAttentionAck();
          return true;
        }
        throw new IOException("request while another was running");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
    }
    return false;
  }

  private void sendAttentionAck() throws IOException {
    byte[] ack = new ResponseBuilder(instance.name())
        .done(ResponseBuilder.DONE, ResponseBuilder.STATUS_ATTENTION, 0, 0).finish();
    channel.write(TdsMessage.TABULAR_RESULT, ack);
  }

  private byte[] batchReply(String text) {
    ResponseBuilder reply = new ResponseBuilder(instance.name());
    write(reply, session.execute(text, Map.of()), ResponseBuilder.DONE);
    if (reply.isEmpty()) {
      reply.done(ResponseBuilder.DONE, 0, 0, 0);
    }
    return reply.finish();
  }

  private byte[] rpcReply(List<RpcCall> calls) throws IOException {
    ResponseBuilder reply = new ResponseBuilder(instance.name());
    for (RpcCall call : calls) {
      rpc(reply, call);
    }
    return reply.finish();
  }

  private void rpc(ResponseBuilder reply, RpcCall call) throws IOException {
    LOG.debug("RPC {} with {} parameters", call.procedure(), call.parameters().size());
    List<Object> p = call.parameters();
    Integer handle = null;
    boolean failed;
    switch (call.procedure()) {
      case RpcCall.SP_EXECUTESQL -> failed = run(reply, (String) p.get(0),
          p.size() > 1 ? (String) p.get(1) : "", p.subList(Math.min(2, p.size()), p.size()));
      case RpcCall.SP_PREPEXEC -> {
        handle = prepare((String) p.get(1), (String) p.get(2));
        failed = run(reply, (String) p.get(2), (String) p.get(1), p.subList(3, p.size()));
      }
      case RpcCall.SP_PREPARE -> {
        handle = prepare((String) p.get(1), (String) p.get(2));
        failed = false;
      }
      case RpcCall.SP_EXECUTE -> {
        PreparedText text = prepared.get(((Number) p.get(0)).intValue());
        if (text == null) {
          reply.error(new SqlServerError(8179, 4, 16,
              "Could not find prepared statement with handle " + p.get(0) + "."));
          failed = true;
        } else {
          failed = run(reply, text.statement(), text.declarations(), p.subList(1, p.size()));
        }
      }
      case RpcCall.SP_UNPREPARE -> {
        prepared.remove(((Number) p.get(0)).intValue());
        failed = false;
      }
      default -> throw new IOException("unsupported procedure " + call.procedure());
    }
    reply.returnStatus(failed ? 1 : 0);
    if (handle != null) {
      reply.returnIntValue(0, "", handle);
    }
    reply.done(ResponseBuilder.DONE_PROC, failed ? ResponseBuilder.STATUS_ERROR : 0, 0, 0);
  }

  private int prepare(String declarations, String statement) {
    int handle = nextHandle++;
    prepared.put(handle, new PreparedText(declarations, statement));
    return handle;
  }

  private boolean run(ResponseBuilder reply, String statement, String declarations, List<Object> values) {
    Map<String, Object> parameters = ParameterDeclarations.bind(declarations, values);
    return write(reply, session.executeInProcedure(statement, parameters), ResponseBuilder.DONE_IN_PROC);
  }

  /** Writes statement results; returns true if the last one failed. */
  private boolean write(ResponseBuilder reply, List<StatementResult> results, int doneToken) {
    boolean failed = false;
    for (StatementResult result : results) {
      if (result instanceof StatementResult.Rows rows) {
        reply.columns(rows.columns());
        rows.rows().forEach(row -> reply.row(rows.columns(), row));
        reply.done(doneToken, ResponseBuilder.STATUS_COUNT, ResponseBuilder.CMD_SELECT, rows.rows().size());
      } else if (result instanceof StatementResult.Done done) {
        int status = done.rowCount() >= 0 ? ResponseBuilder.STATUS_COUNT : 0;
        reply.done(doneToken, status, done.commandCode(), done.rowCount());
      } else if (result instanceof StatementResult.DatabaseChanged change) {
        reply.envChange(1, change.newDatabase(), change.oldDatabase())
            .info(5701, "Changed database context to '" + change.newDatabase() + "'.")
            .done(doneToken, 0, StatementResult.Done.CMD_CMD, 0);
      } else if (result instanceof StatementResult.Failed failure) {
        reply.error(failure.error()).done(doneToken, ResponseBuilder.STATUS_ERROR, 0, 0);
        failed = true;
      }
    }
    return failed;
  }

  private String statementText(RpcCall call) {
    List<Object> p = call.parameters();
    return switch (call.procedure()) {
      case RpcCall.SP_EXECUTESQL -> String.valueOf(p.get(0));
      case RpcCall.SP_PREPEXEC, RpcCall.SP_PREPARE -> String.valueOf(p.get(2));
      case RpcCall.SP_EXECUTE -> {
        PreparedText text = prepared.get(((Number) p.get(0)).intValue());
        yield text == null ? "" : text.statement();
      }
      default -> call.procedure();
    };
  }
}

package io.keyrotation.sandbox.aad;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** The few HTTP chores the HTTPS stand-ins share: a server on a loopback port, bodies, JSON. */
public final class SandboxHttp {
  public static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY each small response
    // waits for the client's delayed ACK (~40 ms). Read once, when the first server is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private SandboxHttp() {}

  /** A started HTTPS server and the threads serving it. */
  public record Server(HttpsServer server, ExecutorService executor) implements AutoCloseable {
    public int port() {
      return server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  /** Starts an HTTPS server on 127.0.0.1 ({@code port} 0 picks a free one). */
  public static Server startHttps(SandboxTls tls, int port, String threadName, int threads, HttpHandler handler) {
    return startHttps(tls, port, threadName, threads, boundPort -> handler);
  }

  /** As above, for a handler that needs to know the port it serves (e.g. to write absolute links). */
  public static Server startHttps(SandboxTls tls, int port, String threadName, int threads,
                                  IntFunction<HttpHandler> handlerForPort) {
    try {
      HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
      server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
      AtomicInteger counter = new AtomicInteger();
      ThreadFactory factory = runnable -> {
        Thread thread = new Thread(runnable, threadName + "-" + counter.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      };
      ExecutorService executor = Executors.newFixedThreadPool(threads, factory);
      server.setExecutor(executor);
      server.createContext("/", handlerForPort.apply(server.getAddress().getPort()));
      server.start();
      return new Server(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + threadName + " on port " + port, e);
    }
  }

  public static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  public static JsonNode readJson(HttpExchange exchange) throws IOException {
    byte[] body = readBody(exchange);
    return body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
  }

  /** Query string or form body ({@code a=b&c=d}) decoded into a map; the last value wins. */
  public static Map<String, String> parseForm(String encoded) {
    Map<String, String> values = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  public static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    send(exchange, status, bytes);
  }

  public static void sendEmpty(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}

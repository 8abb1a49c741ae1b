package io.keyrotation.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Serves /healthz (the process is alive), /readyz (the controllers' informers are healthy) and,
 * when given a source, /metrics (Prometheus' text format).
 */
public final class HealthServer implements AutoCloseable {
  private static final String TEXT = "text/plain; charset=utf-8";

  private final HttpServer server;

  public HealthServer(int port, BooleanSupplier ready) throws IOException {
    this(port, ready, null, null);
  }

  /** A response body written as it is produced. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * @param metrics writes the exposition text, or null for no /metrics
   * @param metricsContentType its content type
   */
  public HealthServer(int port, BooleanSupplier ready, Body metrics, String metricsContentType) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", exchange -> answer(exchange, true));
    server.createContext("/readyz", exchange -> answer(exchange, ready.getAsBoolean()));
    if (metrics != null) {
      server.createContext("/metrics", exchange -> {
        if (!"GET".equals(exchange.getRequestMethod()) || !"/metrics".equals(exchange.getRequestURI().getPath())) {
          send(exchange, exchange.getRequestMethod().equals("GET") ? 404 : 405, TEXT, "not found\n");
          return;
        }
        stream(exchange, metricsContentType, metrics);
      });
    }
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, boolean ok) throws IOException {
    send(exchange, ok ? 200 : 503, TEXT, ok ? "ok\n" : "not ready\n");
  }

  private static void send(HttpExchange exchange, int code, String contentType, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(code, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /**
   * Chunked, as it is written: with 10,000 resources the text is ~20 MB, and one write of the whole of it would leave
   * the JDK server's connection holding a write buffer of twice that size for as long as the scraper keeps it open.
   */
  private static void stream(HttpExchange exchange, String contentType, Body body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      body.writeTo(out);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

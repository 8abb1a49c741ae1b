package io.keyrotation.operator.eventgrid;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.javaoperatorsdk.operator.Operator;
import io.keyrotation.operator.backup.VaultBackupScheduleReconciler;
import io.keyrotation.operator.tde.TdeKeyPolicyReconciler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS endpoint Azure Event Grid delivers Key Vault expiry events to, at {@code /eventgrid}
 * (https://learn.microsoft.com/azure/event-grid/webhook-event-delivery). Each event wakes at once
 * the resources that refer to the vault and key; the reconcile then decides what is due, as for a
 * scheduled wake-up.
 *
 * <p>Refused, before anything is read or woken: more than {@value #PER_SECOND} requests a second
 * (bursts of {@value #BURST}; 429, which Event Grid retries), a missing or wrong {@code code} query
 * parameter (401), another method (405) or path (404), a body over 1 MiB (413, Event Grid's own
 * limit for a delivery), another content type, malformed JSON or an event type other than Key
 * Vault's four expiry events (400, which Event Grid dead-letters rather than retries). A replica that
 * is not the leader answers 503, so Event Grid retries until it reaches the leader.
 */
public final class EventGridServer implements AutoCloseable {
  static final String PATH = "/eventgrid";
  static final int MAX_BODY = 1024 * 1024;
  static final int PER_SECOND = 20;
  static final int BURST = 100;
  private static final Logger LOG = LoggerFactory.getLogger(EventGridServer.class);

  private final HttpsServer server;
  private final byte[] secret;
  private final RequestRate rate;
  private final ControllerWakeUps wakeUps;
  private final ExecutorService executor;

  private EventGridServer(EventGridConfig config, ControllerWakeUps wakeUps, Clock clock) throws IOException {
    this.secret = readSecret(config);
    this.rate = new RequestRate(PER_SECOND, BURST, clock);
    this.wakeUps = wakeUps;
    server = HttpsServer.create(new InetSocketAddress(config.port()), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(PemTls.serverContext(config.certificateFile(), config.privateKeyFile())));
    server.createContext("/", this::handle);
    // Not the dispatcher thread: one slow or stalled client must not hold up the others.
    executor = Executors.newFixedThreadPool(4, runnable -> {
      Thread thread = new Thread(runnable, "eventgrid");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.start();
  }

  /** Serves the endpoint for the operator's TdeKeyPolicy and VaultBackupSchedule controllers. */
  public static EventGridServer start(EventGridConfig config, Operator operator, Clock clock) throws IOException {
    return new EventGridServer(config, new ControllerWakeUps(operator, clock, Map.of(
        TdeKeyPolicyReconciler.NAME, References::tdeKeyPolicy,
        VaultBackupScheduleReconciler.NAME, References::vaultBackupSchedule)), clock);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      route(exchange);
    } catch (RefusedDelivery e) {
      send(exchange, 400, e.getMessage() + "\n");
    } catch (ControllerWakeUps.NotReconciling e) {
      send(exchange, 503, "this replica is not the leader; retry\n");
    } catch (RuntimeException e) {
      LOG.warn("Event Grid delivery failed: {}", e.getClass().getSimpleName());
      send(exchange, 503, "could not handle the delivery; retry\n");
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    if (!rate.tryAcquire()) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      send(exchange, 429, "too many requests\n");
      return;
    }
    if (!PATH.equals(exchange.getRequestURI().getRawPath())) {
      send(exchange, 404, "not found\n");
      return;
    }
    String method = exchange.getRequestMethod();
    if (!method.equals("POST") && !method.equals("OPTIONS")) {
      exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
      send(exchange, 405, "method not allowed\n");
      return;
    }
    if (!authenticated(exchange)) {
      send(exchange, 401, "unauthenticated\n");
      return;
    }
    if (method.equals("OPTIONS")) {
      cloudEventsHandshake(exchange);
      return;
    }
    deliver(exchange);
  }

  /** CloudEvents webhook validation: an OPTIONS request naming the origin that will deliver. */
  private static void cloudEventsHandshake(HttpExchange exchange) throws IOException {
    String origin = exchange.getRequestHeaders().getFirst("WebHook-Request-Origin");
    if (origin == null || !origin.matches("[A-Za-z0-9.-]{1,253}")) {
      throw new RefusedDelivery("an OPTIONS request is a CloudEvents validation and needs WebHook-Request-Origin");
    }
    exchange.getResponseHeaders().set("WebHook-Allowed-Origin", origin);
    exchange.getResponseHeaders().set("WebHook-Allowed-Rate", String.valueOf(PER_SECOND));
    send(exchange, 200, "");
  }

  private void deliver(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && (!length.matches("\\d{1,19}") || Long.parseLong(length) > MAX_BODY)) {
      send(exchange, 413, "a delivery is at most 1 MiB\n");
      return;
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      send(exchange, 413, "a delivery is at most 1 MiB\n");
      return;
    }
    Delivery delivery = Delivery.parse(exchange.getRequestHeaders().getFirst("Content-Type"), body);
    if (delivery.validationCode().isPresent()) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      send(exchange, 200, "{\"validationResponse\":\"" + delivery.validationCode().get() + "\"}");
      LOG.info("Event Grid subscription validated");
      return;
    }
    for (KeyVaultEvent event : delivery.events()) {
      List<String> woken = wakeUps.wake(event);
      LOG.info("{} for {} {} in {}: woke {}", event.type(), event.objectType(), event.objectName(), event.vaultHost(),
          woken.isEmpty() ? "no resource" : woken);
    }
    send(exchange, 200, "");
  }

  private boolean authenticated(HttpExchange exchange) {
    Optional<String> code = queryParameter(exchange.getRequestURI().getRawQuery(), "code");
    return code.isPresent() && MessageDigest.isEqual(code.get().getBytes(StandardCharsets.UTF_8), secret);
  }

  private static Optional<String> queryParameter(String rawQuery, String name) {
    if (rawQuery == null) {
      return Optional.empty();
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        try {
          return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static byte[] readSecret(EventGridConfig config) {
    try {
      String value = Files.readString(config.secretFile(), StandardCharsets.UTF_8).trim();
      if (value.length() < 16) {
        throw new IllegalArgumentException(EventGridConfig.SECRET + ": the shared secret must have at least 16 characters");
      }
      return value.getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + EventGridConfig.SECRET, e);
    }
  }

  private static void send(HttpExchange exchange, int code, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    }
    exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

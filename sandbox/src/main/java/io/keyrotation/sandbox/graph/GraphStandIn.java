package io.keyrotation.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxHttp;
import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.aad.TokenIssuer.AccessTokenClaims;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Microsoft Graph v1.0 as far as client secret rotation needs it, over HTTPS with the sandbox
 * certificate: {@code GET /v1.0/applications(appId='...')} (also with {@code $select}),
 * {@code POST .../addPassword} and {@code POST .../removePassword}. It sits on the same
 * {@link AppRegistry} as the token endpoint, so a secret added here is accepted there (after the
 * registry's propagation delay) and a removed one is refused at once. Callers need a Graph token
 * ({@code aud} = {@code https://graph.microsoft.com}) from this directory and the application
 * permissions {@link GraphAccess} grants them. Behaviour and sources: {@code sandbox/GRAPH-STANDIN.md}.
 */
public final class GraphStandIn implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GraphStandIn.class);
  static final String AUDIENCE = "https://graph.microsoft.com";

  /**
   * One request as the stand-in saw it: the operation, the calling application, the status answered (0 = dropped)
   * and the client's {@code User-Agent} (null without one), which tells apart two clients signed in as one application.
   */
  public record Request(GraphOperation operation, String callerAppId, String appId, int status, String userAgent) {}

  private final AzureAdStandIn aad;
  private final GraphAccess access = new GraphAccess();
  private final GraphFaults faults = new GraphFaults();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final GraphRequests http;
  private final SandboxHttp.Server server;

  private GraphStandIn(SandboxTls tls, AzureAdStandIn aad, int port) {
    this.aad = Objects.requireNonNull(aad, "aad");
    this.http = new GraphRequests(aad.registry(), access);
    this.server = SandboxHttp.startHttps(tls, port, "graph-standin", 4, this::handle);
  }

  public static GraphStandIn start(SandboxTls tls, AzureAdStandIn aad) {
    return start(tls, aad, 0);
  }

  public static GraphStandIn start(SandboxTls tls, AzureAdStandIn aad, int port) {
    GraphStandIn standIn = new GraphStandIn(tls, aad, port);
    LOG.info("Microsoft Graph stand-in listening on {}", standIn.endpoint());
    return standIn;
  }

  /** What clients configure as the Graph endpoint ({@code KEYROTATION_GRAPH_ENDPOINT}), without {@code /v1.0}. */
  public URI endpoint() {
    return URI.create("https://localhost:" + server.port());
  }

  public GraphAccess access() {
    return access;
  }

  public GraphFaults faults() {
    return faults;
  }

  public AppRegistry registry() {
    return aad.registry();
  }

  /** The requests served so far, oldest first. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Forgets the requests served so far (a test's next phase then sees only its own). */
  public void clearRequests() {
    requests.clear();
  }

  public long count(GraphOperation operation) {
    return requests.stream().filter(r -> r.operation() == operation).count();
  }

  @Override
  public void close() {
    server.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Optional<GraphRoute> route = GraphRoute.parse(exchange.getRequestMethod(), exchange.getRequestURI().getPath());
      JsonNode body = "POST".equals(exchange.getRequestMethod()) ? readJsonOrNull(exchange) : null;
      if (route.isEmpty()) {
        SandboxHttp.sendJson(exchange, 400, GraphRequests.error("BadRequest",
            "Resource not found for the segment '" + exchange.getRequestURI().getPath() + "'."));
        return;
      }
      Optional<AccessTokenClaims> caller = bearer(exchange).flatMap(aad.tokens()::verify);
      GraphRequests.Answer answer = caller.isEmpty()
          ? GraphRequests.Answer.of(401, GraphRequests.error("InvalidAuthenticationToken", "Access token is empty or not valid."))
          : injected(route.get()).orElseGet(() -> http.serve(route.get(), caller.get(), exchange.getRequestURI().getRawQuery(), body));
      boolean drop = answer.status() == 200 && route.get().operation() == GraphOperation.ADD_PASSWORD && faults.takeDropAddPasswordAnswer();
      requests.add(new Request(route.get().operation(), caller.map(AccessTokenClaims::appId).orElse(null), route.get().appId(),
          drop ? 0 : answer.status(), exchange.getRequestHeaders().getFirst("User-Agent")));
      sleep(faults.latency());
      if (drop) {
        return; // closing the exchange before any response header closes the connection
      }
      answer.retryAfterSeconds().ifPresent(s -> exchange.getResponseHeaders().set("Retry-After", Integer.toString(s)));
      exchange.getResponseHeaders().set("request-id", java.util.UUID.randomUUID().toString());
      if (answer.body() == null) {
        SandboxHttp.sendEmpty(exchange, answer.status());
      } else {
        SandboxHttp.sendJson(exchange, answer.status(), answer.body());
      }
    } catch (RuntimeException e) {
      LOG.warn("Graph stand-in failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
      throw e;
    }
  }

  /** An injected fault, checked after authentication as the real service throttles signed-in callers. */
  private Optional<GraphRequests.Answer> injected(GraphRoute route) {
    return faults.failureFor(route.operation()).map(f -> {
      ObjectNode error = switch (f.status()) {
        case 429 -> GraphRequests.error("TooManyRequests", "Too many requests, please retry after some time.");
        case 503 -> GraphRequests.error("serviceNotAvailable", "Service unavailable. Retry the request after the time in Retry-After.");
        case 403 -> GraphRequests.error("Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        case 504 -> GraphRequests.error("UnknownError", "Gateway timeout.");
        default -> GraphRequests.error("generalException", "Injected failure.");
      };
      return new GraphRequests.Answer(f.status(), error, Optional.ofNullable(f.retryAfterSeconds()));
    });
  }

  private static Optional<String> bearer(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return Optional.of(authorization.substring(7).trim());
  }

  private static JsonNode readJsonOrNull(HttpExchange exchange) throws IOException {
    try {
      return SandboxHttp.readJson(exchange);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null;
    }
  }

  private static void sleep(java.time.Duration delay) {
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}

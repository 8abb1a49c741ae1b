package io.keyrotation.sandbox.keyvault;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.keyrotation.sandbox.aad.SandboxHttp;
import io.keyrotation.sandbox.aad.TokenIssuer;
import io.keyrotation.sandbox.aad.TokenIssuer.AccessTokenClaims;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's HTTP front door, in the order Key Vault applies its checks: route and api-version,
 * bearer token (401 with the challenge), injected faults, service limits (429 with
 * {@code Retry-After}), access policy (403), then the operation itself.
 */
final class KeyVaultHttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(KeyVaultHttpApi.class);
  static final String RESOURCE = "https://vault.azure.net";

  private final VaultDefinition vault;
  private final URI authorityHost;
  private final TokenIssuer tokens;
  private final Clock clock;
  private final RequestGate gate;
  private final KeyVaultOperations operations;
  private final Consumer<RecordedRequest> log;

  KeyVaultHttpApi(VaultDefinition vault, URI authorityHost, TokenIssuer tokens, Clock clock, RequestGate gate,
                  KeyVaultOperations operations, Consumer<RecordedRequest> log) {
    this.vault = vault;
    this.authorityHost = authorityHost;
    this.tokens = tokens;
    this.clock = clock;
    this.gate = gate;
    this.operations = operations;
    this.log = log;
  }

  /** An answer, decided before anything is written, so that it is logged before the client sees it. */
  private record Answer(int status, JsonNode body, Map<String, String> headers) {
    static Answer json(int status, JsonNode body) {
      return new Answer(status, body, Map.of());
    }

    Answer withHeader(String name, String value) {
      Map<String, String> more = new java.util.LinkedHashMap<>(headers);
      more.put(name, value);
      return new Answer(status, body, more);
    }
  }

  /** Who sent the request and what {@code Retry-After} it got, for the request log. */
  private static final class Outcome {
    String clientId;
    Long retryAfter;
    boolean served;
  }

  void handle(HttpExchange exchange) throws IOException {
    Instant received = clock.instant();
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Optional<KeyVaultRoute> route = KeyVaultRoute.parse(method, path);
    Outcome outcome = new Outcome();
    try (exchange) {
      Answer answer;
      try {
        answer = process(exchange, route, outcome);
      } catch (RuntimeException e) {
        LOG.warn("vault {} failed on {} {}", vault.name(), method, path, e);
        answer = Answer.json(500, KeyVaultJson.error("InternalServerError", "The sandbox vault failed: " + e));
      }
      Optional<FaultInjector.AfterServing> late = outcome.served && answer.status() < 300
          ? gate.afterServing(route.get().operation()) : Optional.empty();
      if (late.isPresent() && late.get().kind() == FaultInjector.AfterServing.Kind.ANSWER_503) {
        answer = injected(503, null, null);
      }
      boolean drop = late.isPresent() && late.get().kind() == FaultInjector.AfterServing.Kind.DROP_CONNECTION;
      log.accept(new RecordedRequest(received, clock.instant(), method, path,
          route.map(KeyVaultRoute::operation).orElse(null), outcome.clientId, drop ? 0 : answer.status(), outcome.retryAfter,
          exchange.getRequestHeaders().getFirst("User-Agent")));
      if (drop) {
        return; // closing the exchange before any response header closes the connection
      }
      if (late.isPresent() && late.get().kind() == FaultInjector.AfterServing.Kind.ANSWER_LATE) {
        sleep(late.get().delay());
      }
      send(exchange, answer);
    }
  }

  private Answer process(HttpExchange exchange, Optional<KeyVaultRoute> route, Outcome outcome) throws IOException {
    String method = exchange.getRequestMethod();
    Map<String, String> query = SandboxHttp.parseForm(exchange.getRequestURI().getRawQuery());
    JsonNode body = "POST".equals(method) || "PATCH".equals(method) ? SandboxHttp.readJson(exchange) : SandboxHttp.JSON.createObjectNode();
    if (route.isEmpty()) {
      return Answer.json(404, KeyVaultJson.error("NotFound", "The requested resource " + method + " "
          + exchange.getRequestURI().getPath() + " is not served by this vault."));
    }
    if (!query.containsKey("api-version")) {
      return Answer.json(400, KeyVaultJson.error("BadParameter", "The api-version query parameter is required."));
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return challenge("AKV10000: Request is missing a Bearer or PoP token.");
    }
    Optional<AccessTokenClaims> claims = tokens.verify(authorization.substring(7).trim());
    Optional<String> authProblem = claims.isEmpty()
        ? Optional.of("AKV10000: Request is missing a Bearer or PoP token: the token's signature is not valid.")
        : tokenProblem(claims.get(), clock.instant());
    if (authProblem.isPresent()) {
      return challenge(authProblem.get());
    }
    outcome.clientId = claims.get().appId();

    VaultOperation operation = route.get().operation();
    RequestGate.Decision decision = gate.decide(outcome.clientId, operation, route.get().name(), body.path("kty").asText(null),
        body.path("key_size").asInt(2048));
    outcome.retryAfter = decision.retryAfterSeconds();
    if (decision.allowed()) {
      outcome.served = true;
      return serve(route.get(), query, body);
    }
    return switch (decision.refusal()) {
      case INJECTED_FAULT -> injected(decision.status(), exchange.getRemoteAddress().getAddress().getHostAddress(), claims.get());
      case THROTTLED -> {
        ServiceLimits limits = gate.limits();
        yield Answer.json(429, KeyVaultJson.error("Throttled", "Request was not processed because too many requests were received. "
            + "Reason: A maximum of " + limits.limitOf(decision.throttleClass(), decision.keySize()) + " "
            + decision.throttleClass().description() + " for RSA " + decision.keySize() + "-bit keys (weighted, enforced on their sum)"
            + " per " + limits.window().toMillis() / 1000.0 + " seconds is allowed for this vault."))
            .withHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
      }
      case FORBIDDEN -> Answer.json(403, KeyVaultJson.error("Forbidden", "The user, group or application 'appid=" + outcome.clientId
          + ";oid=" + outcome.clientId + ";iss=" + TokenIssuer.issuerFor(claims.get().tenantId()) + "' does not have keys "
          + operation.permission().wireName() + " permission on key vault '" + vault.name() + ";location=" + vault.region()
          + "'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287", "ForbiddenByPolicy"));
    };
  }

  private Answer serve(KeyVaultRoute route, Map<String, String> query, JsonNode body) {
    try {
      KeyVaultOperations.Reply reply = operations.serve(route, query, body);
      return Answer.json(reply.status(), reply.body());
    } catch (VaultError e) {
      return Answer.json(e.status(), KeyVaultJson.error(e.code(), e.getMessage()));
    }
  }

  private Optional<String> tokenProblem(AccessTokenClaims claims, Instant now) {
    String audience = claims.audience().endsWith("/") ? claims.audience().substring(0, claims.audience().length() - 1) : claims.audience();
    if (!RESOURCE.equals(audience)) {
      return Optional.of("AKV10022: Invalid audience. Expected " + RESOURCE + ", found: " + claims.audience() + ".");
    }
    if (!claims.tenantId().equalsIgnoreCase(vault.tenantId())) {
      return Optional.of("AKV10032: Invalid issuer. Expected one of " + TokenIssuer.issuerFor(vault.tenantId())
          + ", found: " + claims.issuer() + ".");
    }
    if (!now.isBefore(claims.expiresAt())) {
      return Optional.of("The access token expired at " + claims.expiresAt() + ".");
    }
    if (now.isBefore(claims.notBefore())) {
      return Optional.of("The access token is not valid before " + claims.notBefore() + ".");
    }
    return Optional.empty();
  }

  private Answer challenge(String message) {
    String host = authorityHost.toString();
    String authority = (host.endsWith("/") ? host : host + "/") + vault.tenantId();
    return Answer.json(401, KeyVaultJson.error("Unauthorized", message))
        .withHeader("WWW-Authenticate", "Bearer authorization=\"" + authority + "\", resource=\"" + RESOURCE + "\"");
  }

  private Answer injected(int status, String clientAddress, AccessTokenClaims claims) {
    return switch (status) {
      case 401 -> challenge("AKV10000: Request is missing a Bearer or PoP token (injected fault).");
      case 403 -> Answer.json(403, KeyVaultJson.error("Forbidden", "Client address is not authorized and caller is not a trusted service.\r\n"
          + "Client address: " + clientAddress + "\r\nCaller: appid=" + claims.appId()
          + "\r\nVault: " + vault.name() + ";location=" + vault.region(), "ForbiddenByFirewall"));
      case 404 -> Answer.json(404, KeyVaultJson.error("NotFound", "The requested resource was not found (injected fault)."));
      case 409 -> Answer.json(409, KeyVaultJson.error("Conflict", "The request conflicts with the current state of the vault (injected fault)."));
      case 429 -> Answer.json(429, KeyVaultJson.error("Throttled", "Request was not processed because too many requests were received (injected fault)."))
          .withHeader("Retry-After", "1");
      case 503 -> Answer.json(503, KeyVaultJson.error("ServiceUnavailable", "The service is temporarily unavailable (injected fault)."))
          .withHeader("Retry-After", "1");
      default -> Answer.json(status, KeyVaultJson.error(status >= 500 ? "InternalServerError" : "BadParameter",
          "Injected fault with HTTP status " + status + "."));
    };
  }

  private static void sleep(java.time.Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    exchange.getResponseHeaders().set("x-ms-keyvault-service-version", "sandbox");
    // Every Azure REST response carries the service's id of the request, which support looks it up by
    // (https://learn.microsoft.com/rest/api/azure/#response-headers: x-ms-request-id).
    exchange.getResponseHeaders().set("x-ms-request-id", java.util.UUID.randomUUID().toString());
    answer.headers().forEach(exchange.getResponseHeaders()::set);
    if (answer.body() == null) {
      SandboxHttp.sendEmpty(exchange, answer.status());
    } else {
      SandboxHttp.sendJson(exchange, answer.status(), answer.body());
    }
  }
}

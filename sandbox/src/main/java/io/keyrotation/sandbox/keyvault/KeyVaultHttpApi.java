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

  /** What the request log records besides the request itself. */
  private static final class Outcome {
    String clientId;
    int status = 500;
    Long retryAfter;
  }

  void handle(HttpExchange exchange) throws IOException {
    Instant received = clock.instant();
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    Optional<KeyVaultRoute> route = KeyVaultRoute.parse(method, path);
    Outcome outcome = new Outcome();
    try (exchange) {
      try {
        outcome.status = process(exchange, route, outcome);
      } catch (RuntimeException e) {
        LOG.warn("vault {} failed on {} {}", vault.name(), method, path, e);
        outcome.status = reply(exchange, 500, KeyVaultJson.error("InternalServerError", "The sandbox vault failed: " + e));
      }
    } finally {
      log.accept(new RecordedRequest(received, clock.instant(), method, path,
          route.map(KeyVaultRoute::operation).orElse(null), outcome.clientId, outcome.status, outcome.retryAfter));
    }
  }

  private int process(HttpExchange exchange, Optional<KeyVaultRoute> route, Outcome outcome) throws IOException {
    String method = exchange.getRequestMethod();
    Map<String, String> query = SandboxHttp.parseForm(exchange.getRequestURI().getRawQuery());
    JsonNode body = "POST".equals(method) || "PATCH".equals(method) ? SandboxHttp.readJson(exchange) : SandboxHttp.JSON.createObjectNode();
    if (route.isEmpty()) {
      return reply(exchange, 404, KeyVaultJson.error("NotFound", "The requested resource " + method + " "
          + exchange.getRequestURI().getPath() + " is not served by this vault."));
    }
    if (!query.containsKey("api-version")) {
      return reply(exchange, 400, KeyVaultJson.error("BadParameter", "The api-version query parameter is required."));
    }
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return challenge(exchange, "AKV10000: Request is missing a Bearer or PoP token.");
    }
    Optional<AccessTokenClaims> claims = tokens.verify(authorization.substring(7).trim());
    Optional<String> authProblem = claims.isEmpty()
        ? Optional.of("AKV10000: Request is missing a Bearer or PoP token: the token's signature is not valid.")
        : tokenProblem(claims.get(), clock.instant());
    if (authProblem.isPresent()) {
      return challenge(exchange, authProblem.get());
    }
    outcome.clientId = claims.get().appId();

    VaultOperation operation = route.get().operation();
    RequestGate.Decision decision = gate.decide(outcome.clientId, operation, route.get().name(), body.path("kty").asText(null));
    outcome.retryAfter = decision.retryAfterSeconds();
    if (decision.allowed()) {
      return serve(exchange, route.get(), query, body);
    }
    return switch (decision.refusal()) {
      case INJECTED_FAULT -> injected(exchange, decision.status(), claims.get());
      case THROTTLED -> {
        ServiceLimits limits = gate.limits();
        exchange.getResponseHeaders().set("Retry-After", Long.toString(decision.retryAfterSeconds()));
        yield reply(exchange, 429, KeyVaultJson.error("Throttled", "Request was not processed because too many requests were received. "
            + "Reason: A maximum of " + limits.limitOf(decision.throttleClass()) + " " + decision.throttleClass().description()
            + " per " + limits.window().toMillis() / 1000.0 + " seconds is allowed for this vault."));
      }
      case FORBIDDEN -> reply(exchange, 403, KeyVaultJson.error("Forbidden", "The user, group or application 'appid=" + outcome.clientId
          + ";oid=" + outcome.clientId + ";iss=" + TokenIssuer.issuerFor(claims.get().tenantId()) + "' does not have keys "
          + operation.permission().wireName() + " permission on key vault '" + vault.name() + ";location=" + vault.region()
          + "'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287", "ForbiddenByPolicy"));
    };
  }

  private int serve(HttpExchange exchange, KeyVaultRoute route, Map<String, String> query, JsonNode body) throws IOException {
    try {
      KeyVaultOperations.Reply reply = operations.serve(route, query, body);
      if (reply.body() == null) {
        SandboxHttp.sendEmpty(exchange, reply.status());
        return reply.status();
      }
      return reply(exchange, reply.status(), reply.body());
    } catch (VaultError e) {
      return reply(exchange, e.status(), KeyVaultJson.error(e.code(), e.getMessage()));
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

  private int challenge(HttpExchange exchange, String message) throws IOException {
    exchange.getResponseHeaders().set("WWW-Authenticate",
        "Bearer authorization=\"" + authority() + "\", resource=\"" + RESOURCE + "\"");
    return reply(exchange, 401, KeyVaultJson.error("Unauthorized", message));
  }

  private String authority() {
    String host = authorityHost.toString();
    return (host.endsWith("/") ? host : host + "/") + vault.tenantId();
  }

  private int injected(HttpExchange exchange, int status, AccessTokenClaims claims) throws IOException {
    return switch (status) {
      case 401 -> challenge(exchange, "AKV10000: Request is missing a Bearer or PoP token (injected fault).");
      case 403 -> reply(exchange, 403, KeyVaultJson.error("Forbidden", "Client address is not authorized and caller is not a trusted service.\r\n"
          + "Client address: " + exchange.getRemoteAddress().getAddress().getHostAddress() + "\r\nCaller: appid=" + claims.appId()
          + "\r\nVault: " + vault.name() + ";location=" + vault.region(), "ForbiddenByFirewall"));
      case 404 -> reply(exchange, 404, KeyVaultJson.error("NotFound", "The requested resource was not found (injected fault)."));
      case 409 -> reply(exchange, 409, KeyVaultJson.error("Conflict", "The request conflicts with the current state of the vault (injected fault)."));
      case 429 -> {
        exchange.getResponseHeaders().set("Retry-After", "1");
        yield reply(exchange, 429, KeyVaultJson.error("Throttled", "Request was not processed because too many requests were received (injected fault)."));
      }
      case 503 -> {
        exchange.getResponseHeaders().set("Retry-After", "1");
        yield reply(exchange, 503, KeyVaultJson.error("ServiceUnavailable", "The service is temporarily unavailable (injected fault)."));
      }
      default -> reply(exchange, status, KeyVaultJson.error(status >= 500 ? "InternalServerError" : "BadParameter",
          "Injected fault with HTTP status " + status + "."));
    };
  }

  private static int reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
    exchange.getResponseHeaders().set("x-ms-keyvault-service-version", "sandbox");
    SandboxHttp.sendJson(exchange, status, body);
    return status;
  }
}

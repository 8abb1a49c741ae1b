package io.keyrotation.sandbox.aad;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.keyrotation.sandbox.aad.AppRegistry.CredentialCheck;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Azure AD token endpoint ({@code POST /{tenant}/oauth2/v2.0/token}, client-credentials grant)
 * over HTTPS, backed by an {@link AppRegistry}. {@code ClientSecretCredential} reaches it with
 * {@code authorityHost(authorityHost())} and {@code disableInstanceDiscovery()}. Errors carry Azure
 * AD's {@code AADSTS} codes so that clients surface the same messages as against the real service.
 */
public final class AzureAdStandIn implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AzureAdStandIn.class);
  private static final Pattern TOKEN_PATH = Pattern.compile("^/([^/]+)/oauth2/v2\\.0/token/?$");
  /** Resources ({@code aud}) this directory issues tokens for. */
  private static final Set<String> KNOWN_RESOURCES = Set.of("https://vault.azure.net", "https://graph.microsoft.com",
      "https://storage.azure.com");

  /** Azure AD's instance discovery endpoint, which MSAL asks before its first token request. */
  private static final String INSTANCE_DISCOVERY_PATH = "/common/discovery/instance";

  private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access");

  private final AppRegistry registry;
  private final TokenIssuer issuer = new TokenIssuer();
  private final SandboxHttp.Server server;
  private final String hostName;
  private final AtomicLong tokensIssued = new AtomicLong();
  private final AtomicLong instanceDiscoveries = new AtomicLong();
  private final List<TokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
  private volatile Duration tokenLifetime = Duration.ofMinutes(60);

  /**
   * One token request as the endpoint saw it: tenant and client id asked for, the status answered and the client's
   * {@code User-Agent} (null without one), which tells apart two clients signing in as one application. Never the secret.
   */
  public record TokenRequest(Instant receivedAt, String tenant, String clientId, int status, String userAgent) {}

  private AzureAdStandIn(SandboxTls tls, AppRegistry registry, int port, String hostName) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.hostName = Objects.requireNonNull(hostName, "hostName");
    this.server = SandboxHttp.startHttps(tls, port, "aad-standin", 4, this::handle);
  }

  /** Starts the token endpoint on a free loopback port. */
  public static AzureAdStandIn start(SandboxTls tls, AppRegistry registry) {
    return start(tls, registry, 0);
  }

  public static AzureAdStandIn start(SandboxTls tls, AppRegistry registry, int port) {
    return start(tls, registry, port, "localhost");
  }

  /**
   * Starts the token endpoint under a host name of the real shape (e.g. {@code login.microsoftonline.com}),
   * for clients that resolve that name to the loopback address and trust a certificate issued for it
   * ({@link SandboxTls#generate(String...)}).
   */
  public static AzureAdStandIn start(SandboxTls tls, AppRegistry registry, int port, String hostName) {
    AzureAdStandIn standIn = new AzureAdStandIn(tls, registry, port, hostName);
    LOG.info("Azure AD token stand-in listening on {}", standIn.authorityHost());
    return standIn;
  }

  /** What clients configure as their authority host, e.g. {@code https://localhost:PORT/}. */
  public URI authorityHost() {
    return URI.create("https://" + hostName + ":" + server.port() + "/");
  }

  public AppRegistry registry() {
    return registry;
  }

  /** Verifies tokens for resource servers (the Key Vault and Graph stand-ins). */
  public TokenIssuer tokens() {
    return issuer;
  }

  public void tokenLifetime(Duration lifetime) {
    this.tokenLifetime = lifetime;
  }

  public long tokensIssued() {
    return tokensIssued.get();
  }

  /** Every token request since start or the last {@link #clearTokenRequests()}, oldest first. */
  public List<TokenRequest> tokenRequests() {
    return List.copyOf(tokenRequests);
  }

  public void clearTokenRequests() {
    tokenRequests.clear();
  }

  /** How many instance discovery requests were answered (MSAL sends one unless instance discovery is disabled). */
  public long instanceDiscoveries() {
    return instanceDiscoveries.get();
  }

  @Override
  public void close() {
    server.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Matcher path = TOKEN_PATH.matcher(exchange.getRequestURI().getPath());
      if ("GET".equals(exchange.getRequestMethod()) && INSTANCE_DISCOVERY_PATH.equals(exchange.getRequestURI().getPath())) {
        answerInstanceDiscovery(exchange);
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
        SandboxHttp.sendJson(exchange, 404, error("invalid_request", 90000, "Endpoint not found: the sandbox serves only /{tenant}/oauth2/v2.0/token."));
        return;
      }
      Instant received = registry.clock().instant();
      String tenant = path.group(1);
      Map<String, String> form = SandboxHttp.parseForm(new String(SandboxHttp.readBody(exchange), StandardCharsets.UTF_8));
      answerTokenRequest(exchange, tenant, form);
      tokenRequests.add(new TokenRequest(received, tenant, form.get("client_id"), exchange.getResponseCode(),
          exchange.getRequestHeaders().getFirst("User-Agent")));
    }
  }

  /**
   * Instance discovery (api-version 1.1), in the shape Azure AD returns: this endpoint's own host
   * (with its port) is the preferred network and cache name and the only alias, so that MSAL keeps
   * talking to this endpoint. The tenant comes from the {@code authorization_endpoint} parameter.
   */
  private void answerInstanceDiscovery(HttpExchange exchange) throws IOException {
    String authorizeEndpoint = SandboxHttp.parseForm(exchange.getRequestURI().getRawQuery()).getOrDefault("authorization_endpoint", "");
    Matcher tenant = Pattern.compile("^https://[^/]+/([^/]+)/").matcher(authorizeEndpoint);
    String self = authorityHost().getAuthority();
    ObjectNode body = SandboxHttp.JSON.createObjectNode()
        .put("tenant_discovery_endpoint", "https://" + self + "/" + (tenant.find() ? tenant.group(1) : "common")
            + "/v2.0/.well-known/openid-configuration")
        .put("api-version", "1.1");
    ObjectNode entry = body.putArray("metadata").addObject().put("preferred_network", self).put("preferred_cache", self);
    entry.putArray("aliases").add(self);
    instanceDiscoveries.incrementAndGet();
    SandboxHttp.sendJson(exchange, 200, body);
  }

  private void answerTokenRequest(HttpExchange exchange, String tenant, Map<String, String> form) throws IOException {
    if (!"client_credentials".equals(form.get("grant_type"))) {
      SandboxHttp.sendJson(exchange, 400, error("unsupported_grant_type", 70003,
          "AADSTS70003: The app requested an unsupported grant type '" + form.get("grant_type") + "'."));
      return;
    }
    String clientId = form.getOrDefault("client_id", "");
    CredentialCheck check = registry.check(tenant, clientId, form.get("client_secret"));
    switch (check) {
      case UNKNOWN_TENANT -> SandboxHttp.sendJson(exchange, 400, error("invalid_request", 90002,
          "AADSTS90002: Tenant '" + tenant + "' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."));
      case UNKNOWN_APPLICATION -> SandboxHttp.sendJson(exchange, 400, error("unauthorized_client", 700016,
          "AADSTS700016: Application with identifier '" + clientId + "' was not found in the directory '" + tenant + "'."));
      case INVALID_SECRET -> SandboxHttp.sendJson(exchange, 401, error("invalid_client", 7000215,
          "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" + clientId + "'."));
      case EXPIRED_SECRET -> SandboxHttp.sendJson(exchange, 401, error("invalid_client", 7000222,
          "AADSTS7000222: The provided client secret keys for app '" + clientId + "' are expired."));
      case VALID -> answerValidClient(exchange, tenant, clientId, form.getOrDefault("scope", ""));
    }
  }

  private void answerValidClient(HttpExchange exchange, String tenant, String clientId, String scope) throws IOException {
    // MSAL adds the OIDC scopes to every request; Azure AD ignores them for this grant.
    String resource = java.util.Arrays.stream(scope.trim().split(" +"))
        .filter(s -> !OIDC_SCOPES.contains(s)).findFirst().orElse("");
    if (!resource.endsWith("/.default")) {
      SandboxHttp.sendJson(exchange, 400, error("invalid_scope", 1002012,
          "AADSTS1002012: The provided value for scope " + scope + " is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."));
      return;
    }
    resource = resource.substring(0, resource.length() - "/.default".length());
    if (!KNOWN_RESOURCES.contains(resource)) {
      SandboxHttp.sendJson(exchange, 400, error("invalid_resource", 500011,
          "AADSTS500011: The resource principal named " + resource + " was not found in the tenant named " + tenant + "."));
      return;
    }
    Instant now = registry.clock().instant();
    Duration lifetime = tokenLifetime;
    String token = issuer.issue(tenant, clientId, resource, now, now.plus(lifetime));
    tokensIssued.incrementAndGet();
    ObjectNode body = SandboxHttp.JSON.createObjectNode()
        .put("token_type", "Bearer")
        .put("expires_in", lifetime.toSeconds())
        .put("ext_expires_in", lifetime.toSeconds())
        .put("access_token", token);
    SandboxHttp.sendJson(exchange, 200, body);
  }

  private static ObjectNode error(String error, int code, String description) {
    ObjectNode body = SandboxHttp.JSON.createObjectNode()
        .put("error", error)
        .put("error_description", description)
        .put("timestamp", Instant.now().toString())
        .put("trace_id", UUID.randomUUID().toString())
        .put("correlation_id", UUID.randomUUID().toString());
    body.putArray("error_codes").add(code);
    return body;
  }
}

package io.keyrotation.sandbox.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AppRegistry.NewSecret;
import io.keyrotation.sandbox.aad.AppRegistry.PasswordCredential;
import io.keyrotation.sandbox.aad.SandboxHttp;
import io.keyrotation.sandbox.aad.TokenIssuer.AccessTokenClaims;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Serves an authenticated Graph request against the application registry, with Graph's shapes and errors. */
final class GraphRequests {
  /** Graph's default lifetime of a password credential added without endDateTime (the addPassword reference). */
  static final Duration DEFAULT_LIFETIME = Duration.ofDays(730);
  private static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
  private static final String CONTEXT = "https://graph.microsoft.com/v1.0/$metadata#";
  private static final Set<String> SELECTABLE = Set.of("id", "appId", "displayName", "passwordCredentials");

  record Answer(int status, ObjectNode body, Optional<Integer> retryAfterSeconds) {
    static Answer of(int status, ObjectNode body) {
      return new Answer(status, body, Optional.empty());
    }
  }

  private final AppRegistry registry;
  private final GraphAccess access;

  GraphRequests(AppRegistry registry, GraphAccess access) {
    this.registry = registry;
    this.access = access;
  }

  Answer serve(GraphRoute route, AccessTokenClaims caller, String rawQuery, JsonNode body) {
    Instant now = registry.clock().instant();
    if (!GraphStandIn.AUDIENCE.equals(caller.audience()) && !GRAPH_APP_ID.equals(caller.audience())) {
      return Answer.of(401, error("InvalidAuthenticationToken", "Access token validation failure. Invalid audience."));
    }
    if (!now.isBefore(caller.expiresAt())) {
      return Answer.of(401, error("InvalidAuthenticationToken", "Lifetime validation failed, the token is expired."));
    }
    String appId = route.appId();
    boolean inCallersTenant = registry.tenantOf(appId).map(t -> t.equalsIgnoreCase(caller.tenantId())).orElse(false);
    if (!inCallersTenant) {
      return Answer.of(404, error("Request_ResourceNotFound",
          "Resource '" + appId + "' does not exist or one of its queried reference-property objects are not present."));
    }
    boolean allowed = route.operation() == GraphOperation.GET_APPLICATION
        ? access.mayRead(caller.appId(), appId) : access.mayChange(caller.appId(), appId);
    if (!allowed) {
      return Answer.of(403, error("Authorization_RequestDenied", "Insufficient privileges to complete the operation."));
    }
    return switch (route.operation()) {
      case GET_APPLICATION -> application(appId, rawQuery);
      case ADD_PASSWORD -> addPassword(appId, body, now);
      case REMOVE_PASSWORD -> removePassword(appId, body);
    };
  }

  private Answer application(String appId, String rawQuery) {
    String select = SandboxHttp.parseForm(rawQuery).get("$select");
    Set<String> fields = select == null ? SELECTABLE
        : Arrays.stream(select.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    for (String field : fields) {
      if (!SELECTABLE.contains(field)) {
        return Answer.of(400, error("Request_BadRequest", "Could not find a property named '" + field
            + "' on type 'microsoft.graph.application'."));
      }
    }
    ObjectNode app = SandboxHttp.JSON.createObjectNode().put("@odata.context", CONTEXT + "applications/$entity");
    if (fields.contains("id")) {
      app.put("id", objectId(appId));
    }
    if (fields.contains("appId")) {
      app.put("appId", appId.toLowerCase(java.util.Locale.ROOT));
    }
    if (fields.contains("displayName")) {
      app.put("displayName", registry.displayNameOf(appId).orElse(null));
    }
    if (fields.contains("passwordCredentials")) {
      ArrayNode list = app.putArray("passwordCredentials");
      for (PasswordCredential credential : registry.passwordCredentialsOf(appId)) {
        list.add(credential(credential.keyId(), credential.displayName(), credential.hint(), null,
            credential.startDateTime(), credential.endDateTime()));
      }
    }
    return Answer.of(200, app);
  }

  private Answer addPassword(String appId, JsonNode body, Instant now) {
    if (body == null) {
      return Answer.of(400, error("BadRequest", "Empty Payload. JSON content expected."));
    }
    JsonNode requested = body.path("passwordCredential");
    String displayName = requested.path("displayName").isTextual() ? requested.path("displayName").asText() : null;
    Instant end = now.plus(DEFAULT_LIFETIME);
    if (requested.hasNonNull("endDateTime")) {
      try {
        end = Instant.parse(requested.path("endDateTime").asText());
      } catch (DateTimeParseException e) {
        return Answer.of(400, error("Request_BadRequest", "Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'."));
      }
    }
    if (!end.isAfter(now)) {
      return Answer.of(400, error("Request_BadRequest", "Invalid value specified for property 'endDateTime' of resource 'PasswordCredential'."));
    }
    // A secretText in the request is ignored: Azure AD generates the secret.
    try {
      NewSecret added = registry.addPassword(appId, displayName, end);
      ObjectNode answer = credential(added.keyId(), displayName, added.hint(), added.secretText(), added.startDateTime(), added.endDateTime());
      answer.put("@odata.context", CONTEXT + "microsoft.graph.passwordCredential");
      return Answer.of(200, answer);
    } catch (AppRegistry.TooManyPasswordsException e) {
      return Answer.of(400, error("Request_BadRequest", e.getMessage()));
    }
  }

  private Answer removePassword(String appId, JsonNode body) {
    UUID keyId;
    try {
      keyId = UUID.fromString(body == null ? "" : body.path("keyId").asText(""));
    } catch (IllegalArgumentException e) {
      return Answer.of(400, error("Request_BadRequest", "Invalid value specified for property 'keyId' of resource 'PasswordCredential'."));
    }
    if (!registry.removeSecret(appId, keyId)) {
      return Answer.of(404, error("Request_ResourceNotFound", "No password credential with keyId '" + keyId + "' found on the application."));
    }
    return new Answer(204, null, Optional.empty());
  }

  private static ObjectNode credential(UUID keyId, String displayName, String hint, String secretText, Instant start, Instant end) {
    ObjectNode node = SandboxHttp.JSON.createObjectNode();
    node.putNull("customKeyIdentifier");
    node.put("displayName", displayName);
    node.put("endDateTime", end.toString());
    node.put("hint", hint);
    node.put("keyId", keyId.toString());
    node.put("secretText", secretText);
    node.put("startDateTime", start.toString());
    return node;
  }

  /** The application's object id: not the client id, stable for the application. */
  static String objectId(String appId) {
    return UUID.nameUUIDFromBytes(("application:" + appId.toLowerCase(java.util.Locale.ROOT)).getBytes(StandardCharsets.UTF_8)).toString();
  }

  static ObjectNode error(String code, String message) {
    ObjectNode body = SandboxHttp.JSON.createObjectNode();
    ObjectNode error = body.putObject("error").put("code", code).put("message", message);
    error.putObject("innerError").put("date", Instant.now().toString().replaceAll("\\.\\d+Z$", "Z"))
        .put("request-id", UUID.randomUUID().toString()).put("client-request-id", UUID.randomUUID().toString());
    return body;
  }
}

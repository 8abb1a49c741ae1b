package io.keyrotation.operator.graph;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyrotation.operator.status.FailureReason;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@link GraphGateway} over the Azure SDK's HTTP pipeline: the bearer token policy signs every
 * request with the operator's identity; reads go through a pipeline that retries (honouring
 * {@code Retry-After}), writes through one that sends each request once.
 */
final class AzureGraphGateway implements GraphGateway {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final HttpPipeline reads;
  private final HttpPipeline writes;
  private final String apiBase;
  private final GraphErrors errors;

  AzureGraphGateway(HttpPipeline reads, HttpPipeline writes, String apiBase, GraphErrors errors) {
    this.reads = reads;
    this.writes = writes;
    this.apiBase = apiBase;
    this.errors = errors;
  }

  @Override
  public List<PasswordCredential> passwordCredentials(String appId) {
    String what = "read the client secrets";
    JsonNode app = send(reads, new HttpRequest(HttpMethod.GET, applicationUrl(appId) + "?$select=passwordCredentials"), what, appId);
    List<PasswordCredential> credentials = new ArrayList<>();
    for (JsonNode node : app.path("passwordCredentials")) {
      credentials.add(credential(node));
    }
    return List.copyOf(credentials);
  }

  @Override
  public AddedPassword addPassword(String appId, String displayName, Instant endDateTime) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("passwordCredential").put("displayName", displayName).put("endDateTime", endDateTime.toString());
    HttpRequest request = jsonPost(applicationUrl(appId) + "/addPassword", body);
    JsonNode added = send(writes, request, "add a client secret", appId);
    String secretText = added.path("secretText").asText("");
    if (secretText.isEmpty()) {
      throw new GraphException(FailureReason.Unavailable, "Microsoft Graph answered addPassword for application " + appId
          + " without the secret text; the credential '" + displayName + "' will be found by its display name and removed.", null, null);
    }
    return new AddedPassword(credential(added), secretText);
  }

  @Override
  public void removePassword(String appId, String keyId) {
    if (!GUID.matcher(keyId).matches()) {
      throw new GraphException(FailureReason.InvalidRequest, "'" + keyId + "' is not a password credential key id (a GUID).", null, null);
    }
    send(writes, jsonPost(applicationUrl(appId) + "/removePassword", JSON.createObjectNode().put("keyId", keyId)),
        "remove client secret " + keyId, appId);
  }

  private JsonNode send(HttpPipeline pipeline, HttpRequest request, String what, String appId) {
    try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
      int status = response.getStatusCode();
      String text = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
      if (status >= 200 && status < 300) {
        return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
      }
      throw errors.fromStatus(status, text, response.getHeaderValue(HttpHeaderName.RETRY_AFTER), what, appId);
    } catch (GraphException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw errors.fromFailure(e, what, appId);
    }
  }

  private String applicationUrl(String appId) {
    if (appId == null || !GUID.matcher(appId).matches()) {
      throw new GraphException(FailureReason.InvalidSpec, "'" + appId + "' is not an application (client) id: expected a GUID.", null, null);
    }
    return apiBase + "/applications(appId='" + appId + "')";
  }

  private static HttpRequest jsonPost(String url, JsonNode body) {
    HttpRequest request = new HttpRequest(HttpMethod.POST, url);
    request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
    request.setBody(body.toString());
    return request;
  }

  private static PasswordCredential credential(JsonNode node) {
    return new PasswordCredential(node.path("keyId").asText(), text(node, "displayName"), text(node, "hint"),
        instant(node, "startDateTime"), instant(node, "endDateTime"));
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static Instant instant(JsonNode node, String field) {
    String value = text(node, field);
    return value == null ? null : OffsetDateTime.parse(value.endsWith("Z") || value.contains("+") ? value : value + "Z").toInstant();
  }
}

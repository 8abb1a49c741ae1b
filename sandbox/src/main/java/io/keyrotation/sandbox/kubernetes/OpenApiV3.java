package io.keyrotation.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAPI v3 as the API server publishes it for CustomResourceDefinitions ("OpenAPI V3" in the Kubernetes API
 * concepts): {@code /openapi/v3} lists one document per group version with a content hash in its URL, and
 * {@code /openapi/v3/apis/<group>/<version>} holds each served version's structural schema under
 * {@code components.schemas} with {@code x-kubernetes-group-version-kind}, plus the resource paths whose PATCH declares
 * {@code fieldValidation}. kubectl reads the schemas for {@code explain} and the paths to learn that the server
 * validates fields itself. Only the custom resources' groups are published: built-in groups have no schema here.
 */
final class OpenApiV3 {

  private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

  private final CustomResourceKinds customResources;

  OpenApiV3(CustomResourceKinds customResources) {
    this.customResources = customResources;
  }

  Optional<MockResponse> answer(String path) {
    Map<String, ObjectNode> documents = documents();
    if (path.equals("/openapi/v3")) {
      ObjectNode root = ObjectStore.JSON.createObjectNode();
      ObjectNode paths = root.putObject("paths");
      documents.forEach((groupVersion, doc) -> paths.putObject("apis/" + groupVersion)
          .put("serverRelativeURL", "/openapi/v3/apis/" + groupVersion + "?hash=" + hash(doc)));
      return Optional.of(StatusResponses.json(200, root));
    }
    ObjectNode doc = documents.get(path.substring("/openapi/v3/apis/".length()));
    return Optional.of(doc == null
        ? StatusResponses.failure(404, "NotFound", "the server could not find the requested resource")
        : StatusResponses.json(200, doc));
  }

  /** group/version to its document, for every served version of every stored CRD. */
  private Map<String, ObjectNode> documents() {
    Map<String, ObjectNode> documents = new LinkedHashMap<>();
    for (ObjectNode crd : customResources.all()) {
      JsonNode spec = crd.path("spec");
      String group = spec.path("group").asText();
      for (JsonNode version : spec.path("versions")) {
        if (!version.path("served").asBoolean(true) || !version.path("schema").has("openAPIV3Schema")) {
          continue;
        }
        String v = version.path("name").asText();
        ObjectNode doc = documents.computeIfAbsent(group + "/" + v, gv -> emptyDocument());
        addKind(doc, group, v, spec, version.path("schema").path("openAPIV3Schema"));
      }
    }
    return documents;
  }

  private static ObjectNode emptyDocument() {
    ObjectNode doc = ObjectStore.JSON.createObjectNode();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    doc.putObject("paths");
    doc.putObject("components").putObject("schemas");
    return doc;
  }

  private static void addKind(ObjectNode doc, String group, String version, JsonNode spec, JsonNode schema) {
    JsonNode names = spec.path("names");
    String kind = names.path("kind").asText();
    ObjectNode gvk = ObjectStore.JSON.createObjectNode().put("group", group).put("kind", kind).put("version", version);
    // Schema names as the API server forms them: the group reversed, then version and kind.
    String schemaName = reversed(group) + "." + version + "." + kind;
    ObjectNode published = schema.deepCopy();
    published.putArray("x-kubernetes-group-version-kind").add(gvk);
    addStandardFields(doc, published);
    ((ObjectNode) doc.path("components").path("schemas")).set(schemaName, published);

    String base = "/apis/" + group + "/" + version + ("Cluster".equals(spec.path("scope").asText())
        ? "" : "/namespaces/{namespace}") + "/" + names.path("plural").asText();
    ObjectNode item = ((ObjectNode) doc.path("paths")).putObject(base + "/{name}");
    ArrayNode parameters = item.putArray("parameters");
    parameters.addObject().put("name", "name").put("in", "path").put("required", true)
        .putObject("schema").put("type", "string");
    parameters.addObject().put("name", "fieldValidation").put("in", "query")
        .put("description", "Strict, Warn or Ignore: what the server does with unknown or duplicate fields")
        .putObject("schema").put("type", "string");
    for (String method : new String[] {"get", "put", "patch", "delete"}) {
      ObjectNode operation = item.putObject(method);
      operation.put("operationId", method + version + kind);
      operation.set("x-kubernetes-group-version-kind", gvk);
      operation.putObject("responses").putObject("200").put("description", "OK").putObject("content")
          .putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/" + schemaName);
    }
  }

  /** What the API server adds to every CRD schema it publishes: apiVersion, kind, and metadata as ObjectMeta. */
  private static void addStandardFields(ObjectNode doc, ObjectNode published) {
    ObjectNode properties = published.has("properties") ? (ObjectNode) published.get("properties")
        : published.putObject("properties");
    properties.putObject("apiVersion").put("type", "string").put("description", "APIVersion defines the versioned "
        + "schema of this representation of an object.");
    properties.putObject("kind").put("type", "string").put("description", "Kind is a string value representing the "
        + "REST resource this object represents.");
    properties.putObject("metadata").put("description", "Standard object's metadata.")
        .putArray("allOf").addObject().put("$ref", "#/components/schemas/" + OBJECT_META);
    ObjectNode schemas = (ObjectNode) doc.path("components").path("schemas");
    if (!schemas.has(OBJECT_META)) {
      ObjectNode meta = schemas.putObject(OBJECT_META).put("type", "object")
          .put("description", "ObjectMeta is metadata that all persisted resources must have.");
      ObjectNode fields = meta.putObject("properties");
      for (String name : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
        fields.putObject(name).put("type", "string");
      }
      fields.putObject("generation").put("type", "integer").put("format", "int64");
      for (String name : new String[] {"labels", "annotations"}) {
        fields.putObject(name).put("type", "object").putObject("additionalProperties").put("type", "string");
      }
      fields.putObject("finalizers").put("type", "array").putObject("items").put("type", "string");
    }
  }

  private static String reversed(String group) {
    String[] parts = group.split("\\.");
    StringBuilder name = new StringBuilder();
    for (int i = parts.length - 1; i >= 0; i--) {
      name.append(parts[i]).append(i > 0 ? "." : "");
    }
    return name.toString();
  }

  private static String hash(ObjectNode doc) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-512").digest(doc.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

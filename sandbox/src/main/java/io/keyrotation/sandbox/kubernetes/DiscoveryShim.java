package io.keyrotation.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * API discovery as kubectl reads it, which the mock answers wrongly: {@code /version}, {@code /api}, {@code /apis},
 * the resource list of each group version (built-in kinds and those of the stored CRDs), and OpenAPI. The OpenAPI v2
 * document is empty; v3 ({@link OpenApiV3}) publishes the CRDs' schemas, for {@code kubectl explain}, and tells kubectl
 * that the server validates fields, so kubectl leaves validation to the server.
 */
final class DiscoveryShim {

  static final String OPENAPI_V2_CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

  private final CustomResourceKinds customResources;
  private final OpenApiV3 openApiV3;

  DiscoveryShim(CustomResourceKinds customResources) {
    this.customResources = customResources;
    this.openApiV3 = new OpenApiV3(customResources);
  }

  Optional<MockResponse> answer(ApiRequest request) {
    if (request.method() != HttpMethod.GET) {
      return Optional.empty();
    }
    String path = request.path().replaceAll("/+$", "");
    String[] s = path.replaceAll("^/+", "").split("/");
    if (path.equals("/version")) {
      return json(version());
    } else if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/livez")) {
      return Optional.of(new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody("ok"));
    } else if (path.equals("/openapi/v2")) {
      return Optional.of(new MockResponse().setResponseCode(200).setHeader("Content-Type", OPENAPI_V2_CONTENT_TYPE)
          .setBody(new byte[0]));
    } else if (path.equals("/openapi/v3") || path.startsWith("/openapi/v3/apis/")) {
      return openApiV3.answer(path);
    } else if (path.startsWith("/openapi/v3")) {
      return Optional.of(StatusResponses.failure(404, "NotFound", "the server could not find the requested resource"));
    } else if (path.equals("/api")) {
      return json(apiVersions());
    } else if (path.equals("/apis")) {
      return json(groupList());
    } else if (path.equals("/api/v1")) {
      return json(resourceList("", "v1"));
    } else if (s.length == 2 && s[0].equals("apis")) {
      return groups().stream().filter(g -> g.path("name").asText().equals(s[1])).findFirst().flatMap(this::json);
    } else if (s.length == 3 && s[0].equals("apis")) {
      ObjectNode list = resourceList(s[1], s[2]);
      return list.path("resources").isEmpty()
          ? Optional.of(StatusResponses.failure(404, "NotFound", "the server could not find the requested resource"))
          : json(list);
    }
    return Optional.empty();
  }

  private Optional<MockResponse> json(JsonNode body) {
    return Optional.of(StatusResponses.json(200, body));
  }

  private static ObjectNode version() {
    ObjectNode version = ObjectStore.JSON.createObjectNode();
    version.put("major", "1").put("minor", "32").put("gitVersion", "v1.32.0")
        .put("gitCommit", "keyrotation-sandbox").put("gitTreeState", "clean").put("buildDate", "2024-12-11T00:00:00Z")
        .put("goVersion", "go1.23.3").put("compiler", "gc").put("platform", "linux/amd64");
    return version;
  }

  private static ObjectNode apiVersions() {
    ObjectNode versions = ObjectStore.JSON.createObjectNode();
    versions.put("kind", "APIVersions");
    versions.putArray("versions").add("v1");
    versions.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", "127.0.0.1");
    return versions;
  }

  private ObjectNode groupList() {
    ObjectNode list = ObjectStore.JSON.createObjectNode();
    list.put("kind", "APIGroupList").put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    groups().forEach(groups::add);
    return list;
  }

  /** Every named group with its served versions, preferring the storage version of a CRD group. */
  private List<ObjectNode> groups() {
    Map<String, Set<String>> versions = new LinkedHashMap<>();
    Map<String, String> preferred = new LinkedHashMap<>();
    for (BuiltInResources.Resource r : BuiltInResources.RESOURCES) {
      if (!r.group().isEmpty()) {
        versions.computeIfAbsent(r.group(), g -> new LinkedHashSet<>()).add(r.version());
        preferred.putIfAbsent(r.group(), r.version());
      }
    }
    for (ObjectNode crd : customResources.all()) {
      String group = crd.path("spec").path("group").asText();
      for (JsonNode v : crd.path("spec").path("versions")) {
        if (v.path("served").asBoolean(true)) {
          versions.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(v.path("name").asText());
          if (v.path("storage").asBoolean(false)) {
            preferred.put(group, v.path("name").asText());
          }
        }
      }
    }
    List<ObjectNode> groups = new ArrayList<>();
    versions.forEach((group, served) -> {
      ObjectNode node = ObjectStore.JSON.createObjectNode();
      node.put("kind", "APIGroup").put("apiVersion", "v1").put("name", group);
      ArrayNode array = node.putArray("versions");
      served.forEach(v -> array.addObject().put("groupVersion", group + "/" + v).put("version", v));
      String preferredVersion = preferred.getOrDefault(group, served.iterator().next());
      node.putObject("preferredVersion").put("groupVersion", group + "/" + preferredVersion)
          .put("version", preferredVersion);
      groups.add(node);
    });
    return groups;
  }

  private ObjectNode resourceList(String group, String version) {
    ObjectNode list = ObjectStore.JSON.createObjectNode();
    list.put("kind", "APIResourceList").put("apiVersion", "v1")
        .put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = list.putArray("resources");
    for (BuiltInResources.Resource r : BuiltInResources.RESOURCES) {
      if (r.group().equals(group) && r.version().equals(version)) {
        addResource(resources, r.plural(), r.singular(), r.kind(), r.namespaced(), r.shortNames(), List.of(),
            r.verbs(), r.hasStatus());
      }
    }
    for (ObjectNode crd : customResources.all()) {
      JsonNode spec = crd.path("spec");
      boolean served = false;
      boolean status = false;
      for (JsonNode v : spec.path("versions")) {
        if (v.path("name").asText().equals(version) && v.path("served").asBoolean(true)) {
          served = true;
          status = v.path("subresources").has("status");
        }
      }
      if (!spec.path("group").asText().equals(group) || !served) {
        continue;
      }
      JsonNode names = spec.path("names");
      addResource(resources, names.path("plural").asText(), names.path("singular").asText(),
          names.path("kind").asText(), !"Cluster".equals(spec.path("scope").asText()),
          strings(names.path("shortNames")), strings(names.path("categories")), BuiltInResources.ALL_VERBS, status);
    }
    return list;
  }

  private static void addResource(ArrayNode resources, String plural, String singular, String kind, boolean namespaced,
                                  List<String> shortNames, List<String> categories, List<String> verbs,
                                  boolean hasStatus) {
    ObjectNode resource = resources.addObject();
    resource.put("name", plural).put("singularName", singular).put("namespaced", namespaced).put("kind", kind);
    verbs.forEach(resource.putArray("verbs")::add);
    if (!shortNames.isEmpty()) {
      shortNames.forEach(resource.putArray("shortNames")::add);
    }
    if (!categories.isEmpty()) {
      categories.forEach(resource.putArray("categories")::add);
    }
    if (hasStatus) {
      ObjectNode status = resources.addObject();
      status.put("name", plural + "/status").put("singularName", "").put("namespaced", namespaced).put("kind", kind);
      List.of("get", "patch", "update").forEach(status.putArray("verbs")::add);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}

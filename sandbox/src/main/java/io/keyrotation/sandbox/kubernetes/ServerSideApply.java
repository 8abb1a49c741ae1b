package io.keyrotation.sandbox.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Server-side apply ({@code application/apply-patch+yaml}), which the mock answers with 415, translated into a create
 * or a full update of the merged object.
 *
 * <p>Field ownership is modelled only as far as a single manager sees it: the last configuration each field manager
 * applied to an object (and subresource) is remembered, so a field that manager applied before and omits now is
 * removed, as the API server does. Applied values win over other managers' values (as with {@code force=true});
 * lists are atomic except {@code metadata.finalizers}, which is a set. Conflicts between managers are not detected.
 */
final class ServerSideApply {

  static final String MEDIA_TYPE = "application/apply-patch+yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final ObjectStore store;
  private final Map<String, ObjectNode> lastApplied = new ConcurrentHashMap<>();

  ServerSideApply(ObjectStore store) {
    this.store = store;
  }

  MockResponse apply(ApiRequest request, ResourcePath path, Function<ApiRequest, MockResponse> downstream) {
    String manager = request.queryParameter("fieldManager");
    if (manager == null || manager.isBlank()) {
      return StatusResponses.badRequest("fieldManager is required for apply requests");
    }
    ObjectNode applied;
    try {
      JsonNode parsed = YAML.readTree(request.body());
      if (parsed == null || !parsed.isObject()) {
        return StatusResponses.badRequest("apply patch must be an object");
      }
      applied = (ObjectNode) parsed;
    } catch (JsonProcessingException e) {
      return StatusResponses.badRequest("error decoding YAML: " + e.getOriginalMessage());
    }
    ObjectNode metadata = applied.with("metadata");
    metadata.remove("managedFields");
    if (!applied.hasNonNull("apiVersion") || !applied.hasNonNull("kind")) {
      return StatusResponses.badRequest("apiVersion and kind must be set in an apply patch");
    }
    String ledgerKeySuffix = "/" + manager + "/" + (path.subresource() == null ? "" : path.subresource());
    ObjectNode current = store.get(path.objectPath()).orElse(null);
    if (current == null) {
      if (path.subresource() != null) {
        return StatusResponses.notFound(path);
      }
      metadata.put("name", path.name());
      if (path.namespace() != null) {
        metadata.put("namespace", path.namespace());
      }
      MockResponse response = downstream.apply(request.rewrite(HttpMethod.POST, path.collectionPath(), applied.toString()));
      remember(response, ledgerKeySuffix, applied);
      return response;
    }
    String uid = current.path("metadata").path("uid").asText();
    ObjectNode previous = lastApplied.get(uid + ledgerKeySuffix);
    ObjectNode desired = merge(current, previous, applied);
    String target = path.isStatus() ? path.objectPath() + "/status" : path.objectPath();
    MockResponse response = downstream.apply(request.rewrite(HttpMethod.PUT, target, desired.toString()));
    remember(response, ledgerKeySuffix, applied);
    return response;
  }

  private void remember(MockResponse response, String ledgerKeySuffix, ObjectNode applied) {
    if (response.code() / 100 == 2) {
      JsonNode stored = ObjectStore.parse(ObjectStore.bodyOf(response));
      lastApplied.put(stored.path("metadata").path("uid").asText() + ledgerKeySuffix, applied);
    }
  }

  static ObjectNode merge(ObjectNode current, ObjectNode previous, ObjectNode applied) {
    ObjectNode desired = current.deepCopy();
    if (previous != null) {
      Set<List<String>> stillApplied = leafPaths(applied);
      for (List<String> leaf : leafPaths(previous)) {
        if (isOwnable(leaf) && !stillApplied.contains(leaf) && stillApplied.stream().noneMatch(p -> startsWith(p, leaf))) {
          remove(desired, leaf);
        }
      }
    }
    mergeFinalizers(desired, previous, applied);
    ObjectNode withoutFinalizers = applied.deepCopy();
    withoutFinalizers.with("metadata").remove("finalizers");
    overlay(desired, withoutFinalizers);
    return desired;
  }

  private static void mergeFinalizers(ObjectNode desired, ObjectNode previous, ObjectNode applied) {
    Set<String> appliedNow = values(applied.path("metadata").path("finalizers"));
    Set<String> appliedBefore = previous == null ? Set.of() : values(previous.path("metadata").path("finalizers"));
    Set<String> result = values(desired.path("metadata").path("finalizers"));
    result.removeIf(f -> appliedBefore.contains(f) && !appliedNow.contains(f));
    result.addAll(appliedNow);
    ObjectNode metadata = desired.with("metadata");
    if (result.isEmpty()) {
      metadata.remove("finalizers");
    } else {
      ArrayNode array = metadata.putArray("finalizers");
      result.forEach(array::add);
    }
  }

  private static Set<String> values(JsonNode array) {
    Set<String> values = new LinkedHashSet<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static void overlay(ObjectNode target, ObjectNode source) {
    for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode existing = target.get(field.getKey());
      if (field.getValue().isNull()) {
        continue;
      }
      if (field.getValue().isObject() && existing != null && existing.isObject()) {
        overlay((ObjectNode) existing, (ObjectNode) field.getValue());
      } else {
        target.set(field.getKey(), field.getValue().deepCopy());
      }
    }
  }

  private static Set<List<String>> leafPaths(JsonNode node) {
    Set<List<String>> paths = new LinkedHashSet<>();
    collect(node, new ArrayList<>(), paths);
    return paths;
  }

  private static void collect(JsonNode node, List<String> prefix, Set<List<String>> paths) {
    if (node.isObject() && node.size() > 0) {
      node.fields().forEachRemaining(f -> {
        List<String> child = new ArrayList<>(prefix);
        child.add(f.getKey());
        if (!child.equals(List.of("metadata", "finalizers"))) {
          collect(f.getValue(), child, paths);
        }
      });
    } else if (!prefix.isEmpty()) {
      paths.add(prefix);
    }
  }

  /** System-set metadata (uid, resourceVersion, ...) is never removed; labels and annotations are. */
  private static boolean isOwnable(List<String> leaf) {
    if (!leaf.get(0).equals("metadata")) {
      return !leaf.get(0).equals("apiVersion") && !leaf.get(0).equals("kind");
    }
    return leaf.size() > 2 && (leaf.get(1).equals("labels") || leaf.get(1).equals("annotations"));
  }

  private static boolean startsWith(List<String> path, List<String> prefix) {
    return path.size() > prefix.size() && path.subList(0, prefix.size()).equals(prefix);
  }

  private static void remove(ObjectNode root, List<String> path) {
    JsonNode node = root;
    for (int i = 0; i < path.size() - 1; i++) {
      node = node.path(path.get(i));
    }
    if (node.isObject()) {
      ((ObjectNode) node).remove(path.get(path.size() - 1));
      // The manager also owned the maps on the way to the leaf: one left empty goes too, as on the API server.
      if (node.size() == 0 && path.size() > 1) {
        remove(root, path.subList(0, path.size() - 1));
      }
    }
  }
}

package io.keyrotation.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Optional;

/** What the bad-manifest tables of the three kinds share: one spec field replaced, applied as a user would. */
public final class BadManifests {
  private BadManifests() {}

  /**
   * {@code resource} named {@code name}, with {@code spec.<field>} (dot-separated, numbers index lists)
   * replaced by the JSON {@code json}.
   */
  public static <T extends HasMetadata> T edited(T resource, String name, String field, String json) {
    ObjectNode tree = Serialization.jsonMapper().valueToTree(resource);
    ((ObjectNode) tree.get("metadata")).put("name", name);
    JsonNode node = tree.get("spec");
    String[] path = field.split("\\.");
    for (int i = 0; i < path.length - 1; i++) {
      node = path[i].matches("\\d+") ? node.get(Integer.parseInt(path[i])) : node.get(path[i]);
    }
    JsonNode replacement = Serialization.unmarshal(json, JsonNode.class);
    String last = path[path.length - 1];
    if (last.matches("\\d+")) {
      ((ArrayNode) node).set(Integer.parseInt(last), replacement);
    } else {
      ((ObjectNode) node).set(last, replacement);
    }
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) resource.getClass();
    return Serialization.jsonMapper().convertValue(tree, type);
  }

  /** The schema's refusal message (the API server's 422), or empty when the resource was stored. */
  public static Optional<String> schemaRefusal(KubernetesClient user, HasMetadata resource) {
    try {
      user.resource(resource).create();
      return Optional.empty();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 422) {
        throw e;
      }
      return Optional.of(e.getStatus().getMessage());
    }
  }

  /** The Ready=False condition among {@code conditions}, if there is one yet. */
  public static Optional<Condition> notReady(List<Condition> conditions) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> c.getType().equals("Ready") && c.getStatus().equals("False")).findFirst();
  }
}

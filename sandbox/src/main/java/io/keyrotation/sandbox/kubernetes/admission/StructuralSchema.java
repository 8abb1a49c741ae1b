package io.keyrotation.sandbox.kubernetes.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/** Navigation in a CRD version's {@code openAPIV3Schema} (a structural schema), and its JSON Schema draft 4 form. */
final class StructuralSchema {

  private StructuralSchema() {
  }

  /** The schema of an object's field: from {@code properties}, else from {@code additionalProperties}; or null. */
  static JsonNode property(JsonNode schema, String field) {
    JsonNode property = schema.path("properties").get(field);
    if (property != null) {
      return property;
    }
    JsonNode additional = schema.get("additionalProperties");
    return additional != null && additional.isObject() ? additional : null;
  }

  static JsonNode items(JsonNode schema) {
    JsonNode items = schema.get("items");
    return items != null && items.isObject() ? items : null;
  }

  static boolean preservesUnknownFields(JsonNode schema) {
    return schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
  }

  static boolean knowsFields(JsonNode schema) {
    return schema.has("properties") || schema.path("additionalProperties").isObject();
  }

  /**
   * The same schema as JSON Schema draft 4 for the validator: {@code nullable} and {@code x-kubernetes-int-or-string}
   * become type lists; {@code x-kubernetes-*} extensions and {@code format} (whose Kubernetes meanings differ from
   * JSON Schema's, e.g. {@code duration}) are left out; {@code metadata} is validated by the stand-in itself.
   */
  static ObjectNode toDraft4(JsonNode schema) {
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (key.startsWith("x-kubernetes-") || key.equals("format") || key.equals("nullable")
          || key.equals("default") || key.equals("description") || key.equals("example")) {
        continue;
      }
      switch (key) {
        case "properties", "patternProperties", "definitions" -> {
          ObjectNode children = result.putObject(key);
          value.fields().forEachRemaining(child -> children.set(child.getKey(), toDraft4(child.getValue())));
        }
        case "items", "additionalProperties", "not" -> result.set(key, value.isObject() ? toDraft4(value) : value);
        case "allOf", "anyOf", "oneOf" -> {
          ArrayNode array = result.putArray(key);
          value.forEach(v -> array.add(toDraft4(v)));
        }
        default -> result.set(key, value.deepCopy());
      }
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      result.remove("type");
      result.putArray("type").add("integer").add("string");
    }
    if (schema.path("nullable").asBoolean(false) && result.has("type") && result.get("type").isTextual()) {
      String type = result.get("type").asText();
      result.putArray("type").add(type).add("null");
    }
    return result;
  }
}

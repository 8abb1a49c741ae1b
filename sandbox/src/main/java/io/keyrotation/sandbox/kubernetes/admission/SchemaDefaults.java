package io.keyrotation.sandbox.kubernetes.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies the schema's {@code default}s as the API server does: a missing field of an object that is present gets its
 * default (deep), then defaulting continues inside it; absent parents are not created unless they have a default.
 */
final class SchemaDefaults {

  private SchemaDefaults() {
  }

  static void apply(JsonNode schema, JsonNode value) {
    if (schema == null || value == null) {
      return;
    }
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      schema.path("properties").fields().forEachRemaining(property -> {
        JsonNode defaultValue = property.getValue().get("default");
        if (!object.has(property.getKey()) && defaultValue != null) {
          object.set(property.getKey(), defaultValue.deepCopy());
        }
      });
      List<String> fields = new ArrayList<>();
      object.fieldNames().forEachRemaining(fields::add);
      for (String field : fields) {
        apply(StructuralSchema.property(schema, field), object.get(field));
      }
    } else if (value.isArray()) {
      JsonNode items = StructuralSchema.items(schema);
      value.forEach(item -> apply(items, item));
    }
  }
}

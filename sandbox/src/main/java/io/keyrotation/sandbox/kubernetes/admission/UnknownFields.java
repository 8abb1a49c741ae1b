package io.keyrotation.sandbox.kubernetes.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Prunes fields the structural schema does not declare (unless {@code x-kubernetes-preserve-unknown-fields}), as the
 * API server does before storing, and reports their paths for {@code fieldValidation=Strict|Warn}.
 */
final class UnknownFields {

  private UnknownFields() {
  }

  /** Removes the unknown fields below {@code value} (found at {@code path}) and returns their paths. */
  static List<String> prune(JsonNode schema, JsonNode value, String path) {
    List<String> pruned = new ArrayList<>();
    prune(schema, value, path, pruned);
    return pruned;
  }

  /** Removes the unknown fields of a whole object and returns their paths; apiVersion, kind, metadata are kept. */
  static List<String> pruneObject(JsonNode schema, ObjectNode object) {
    List<String> pruned = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    object.fieldNames().forEachRemaining(fields::add);
    for (String field : fields) {
      if (field.equals("apiVersion") || field.equals("kind") || field.equals("metadata")) {
        continue;
      }
      JsonNode fieldSchema = StructuralSchema.property(schema, field);
      if (fieldSchema == null && !StructuralSchema.preservesUnknownFields(schema)) {
        object.remove(field);
        pruned.add(field);
      } else {
        prune(fieldSchema, object.get(field), field, pruned);
      }
    }
    return pruned;
  }

  private static void prune(JsonNode schema, JsonNode value, String path, List<String> pruned) {
    if (schema == null || value == null) {
      return;
    }
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      boolean preserve = StructuralSchema.preservesUnknownFields(schema);
      List<String> fields = new ArrayList<>();
      object.fieldNames().forEachRemaining(fields::add);
      for (String field : fields) {
        JsonNode fieldSchema = StructuralSchema.property(schema, field);
        if (fieldSchema == null) {
          if (!preserve) {
            object.remove(field);
            pruned.add(FieldPaths.child(path, field));
          }
        } else {
          prune(fieldSchema, object.get(field), FieldPaths.child(path, field), pruned);
        }
      }
    } else if (value.isArray()) {
      JsonNode items = StructuralSchema.items(schema);
      for (int i = 0; i < value.size(); i++) {
        prune(items, value.get(i), FieldPaths.index(path, i), pruned);
      }
    }
  }
}

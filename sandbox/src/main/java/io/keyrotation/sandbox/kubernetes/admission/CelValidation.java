package io.keyrotation.sandbox.kubernetes.admission;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks an object along its schema and checks every {@code x-kubernetes-validations} rule on the value at the rule's
 * node. Transition rules (those using {@code oldSelf}) run only on updates where the old value exists, and are not
 * correlated inside lists.
 */
final class CelValidation {

  private final CelRules rules = new CelRules();

  List<Cause> validate(JsonNode schema, JsonNode value, JsonNode oldValue) {
    List<Cause> causes = new ArrayList<>();
    walk(schema, value, oldValue, "", causes);
    return causes;
  }

  private void walk(JsonNode schema, JsonNode value, JsonNode oldValue, String path, List<Cause> causes) {
    if (schema == null || value == null || value.isNull() || !hasSchemaType(schema, value)) {
      return;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      check(rule, value, oldValue, path, causes);
    }
    if (value.isObject()) {
      value.fields().forEachRemaining(field -> walk(StructuralSchema.property(schema, field.getKey()),
          field.getValue(), oldValue == null ? null : oldValue.get(field.getKey()),
          FieldPaths.child(path, field.getKey()), causes));
    } else if (value.isArray()) {
      JsonNode items = StructuralSchema.items(schema);
      for (int i = 0; i < value.size(); i++) {
        walk(items, value.get(i), null, FieldPaths.index(path, i), causes);
      }
    }
  }

  private void check(JsonNode rule, JsonNode value, JsonNode oldValue, String path, List<Cause> causes) {
    String expression = rule.path("rule").asText();
    if (CelRules.isTransitionRule(expression) && (oldValue == null || oldValue.isNull())) {
      return;
    }
    CelRules.Verdict verdict = rules.evaluate(expression, value, oldValue);
    if (verdict.passed()) {
      return;
    }
    String field = path;
    String fieldPath = rule.path("fieldPath").asText("");
    if (!fieldPath.isEmpty()) {
      field = path.isEmpty() ? fieldPath.replaceFirst("^\\.", "") : path + fieldPath;
    }
    String type = "\"" + FieldPaths.typeName(value) + "\"";
    if (verdict.error() != null) {
      causes.add(Cause.invalid(field, type, verdict.error() + " evaluating rule: " + expression));
      return;
    }
    String message = rule.hasNonNull("message") ? rule.get("message").asText() : "failed rule: " + expression;
    String reason = rule.path("reason").asText("FieldValueInvalid");
    causes.add(switch (reason) {
      case "FieldValueRequired" -> Cause.required(field, message);
      case "FieldValueForbidden" -> new Cause(field, reason, "Forbidden: " + message);
      case "FieldValueDuplicate" -> new Cause(field, reason, "Duplicate value: " + message);
      default -> Cause.invalid(field, type, message);
    });
  }

  private static boolean hasSchemaType(JsonNode schema, JsonNode value) {
    return switch (schema.path("type").asText("")) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
  }
}

package io.keyrotation.sandbox.kubernetes.admission;

import com.fasterxml.jackson.databind.JsonNode;

/** Field paths and values written the way the API server writes them in its error messages. */
final class FieldPaths {

  private FieldPaths() {
  }

  static String child(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  /** {@code "text"} for strings, the number or boolean itself, the type name for objects and lists. */
  static String value(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    }
    if (value.isTextual()) {
      return value.toString();
    }
    if (value.isObject()) {
      return "\"object\"";
    }
    if (value.isArray()) {
      return "\"array\"";
    }
    return value.asText();
  }

  static String typeName(JsonNode value) {
    if (value == null || value.isNull()) {
      return "null";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    return value.isArray() ? "array" : "object";
  }
}

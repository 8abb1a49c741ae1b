package io.keyrotation.sandbox.kubernetes.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI part of CRD validation (types, required, enum, pattern, lengths, bounds, item counts), done by networknt's
 * JSON Schema validator and reported as the API server words it.
 */
final class OpenApiValidator {

  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
  private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
      .pathType(PathType.JSON_PATH)
      .formatAssertionsEnabled(false)
      .regularExpressionFactory(new GoRegularExpressions())
      .build();

  private final Map<JsonNode, JsonSchema> compiled = new ConcurrentHashMap<>();

  /** Validates the object without its metadata (which the stand-in checks itself, as the API server does). */
  List<Cause> validate(JsonNode openApiV3Schema, ObjectNode object) {
    JsonSchema schema = compiled.computeIfAbsent(openApiV3Schema, s -> {
      ObjectNode draft4 = StructuralSchema.toDraft4(s);
      draft4.path("properties").isObject();
      if (draft4.path("properties").isObject()) {
        ((ObjectNode) draft4.get("properties")).remove("metadata");
      }
      return FACTORY.getSchema(draft4, CONFIG);
    });
    ObjectNode withoutMetadata = object.deepCopy();
    withoutMetadata.remove("metadata");
    List<Cause> causes = new ArrayList<>();
    for (ValidationMessage message : schema.validate(withoutMetadata)) {
      causes.add(toCause(message));
    }
    causes.sort(Comparator.comparing(Cause::field));
    return causes;
  }

  private static Cause toCause(ValidationMessage message) {
    String field = fieldPath(message.getInstanceLocation().toString());
    JsonNode value = message.getInstanceNode();
    JsonNode keyword = message.getSchemaNode();
    String shown = FieldPaths.value(value);
    String in = field + " in body";
    String limit = number(keyword);
    return switch (message.getType()) {
      case "required" -> Cause.required(FieldPaths.child(field, message.getProperty()), null);
      case "enum" -> new Cause(field, "FieldValueNotSupported",
          "Unsupported value: " + shown + ": supported values: " + supported(keyword));
      case "pattern" -> Cause.invalid(field, shown, in + " should match '" + keyword.asText() + "'");
      case "maxLength" -> new Cause(field, "FieldValueTooLong", "Too long: may not be longer than " + limit);
      case "minLength" -> Cause.invalid(field, shown, in + " should be at least " + limit + " chars long");
      case "maximum" -> Cause.invalid(field, shown, in + " should be less than or equal to " + limit);
      case "minimum" -> Cause.invalid(field, shown, in + " should be greater than or equal to " + limit);
      case "maxItems" -> new Cause(field, "FieldValueTooMany",
          "Too many: " + value.size() + ": must have at most " + limit + " items");
      case "minItems" -> Cause.invalid(field, shown, in + " should have at least " + limit + " items");
      case "maxProperties" -> new Cause(field, "FieldValueTooMany",
          "Too many: " + value.size() + ": must have at most " + limit + " items");
      case "type" -> new Cause(field, "FieldValueTypeInvalid", "Invalid value: \"" + FieldPaths.typeName(value)
          + "\": " + in + " must be of type " + typeList(keyword) + ": \"" + FieldPaths.typeName(value) + "\"");
      default -> Cause.invalid(field, shown, stripLocation(message.getMessage()));
    };
  }

  /** Limits as the API server prints them: 100, not 100.0. */
  private static String number(JsonNode keyword) {
    if (keyword != null && keyword.isNumber() && keyword.asDouble() == Math.rint(keyword.asDouble())) {
      return String.valueOf(keyword.asLong());
    }
    return keyword == null ? "" : keyword.asText();
  }

  private static String fieldPath(String jsonPath) {
    return jsonPath.replaceFirst("^\\$\\.?", "");
  }

  private static String supported(JsonNode enumValues) {
    List<String> values = new ArrayList<>();
    enumValues.forEach(v -> values.add(v.toString()));
    return String.join(", ", values);
  }

  private static String typeList(JsonNode type) {
    if (type.isArray()) {
      List<String> types = new ArrayList<>();
      type.forEach(t -> types.add(t.asText()));
      return String.join(",", types);
    }
    return type.asText();
  }

  private static String stripLocation(String message) {
    return message.replaceFirst("^\\$[^:]*: ", "");
  }
}

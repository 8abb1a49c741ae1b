package io.keyrotation.sandbox.kubernetes.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the API server does to a custom resource before storing it, on create, update and patch (the stand-in turns
 * patches into updates first): prune unknown fields (reporting them per {@code fieldValidation}), apply schema
 * defaults, validate {@code metadata.name}, the OpenAPI schema and the CEL rules (skipped, with a note, when the
 * object has a missing, mistyped, unsupported, too long or too many value, as the API server does). Writes to the status subresource
 * are checked against the status schema, with unknown fields kept where the schema preserves them.
 */
public final class CustomResourceAdmission {

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** The outcome: admitted (with the body to store and any warnings) or rejected. */
  public sealed interface Result permits Admitted, Rejected {
  }

  public record Admitted(String body, List<String> warnings) implements Result {
  }

  /** {@code causes} is non-empty for 422 Invalid. */
  public record Rejected(int code, String reason, String message, String kind, String name, List<Cause> causes)
      implements Result {
  }

  private final OpenApiValidator openApi = new OpenApiValidator();
  private final CelValidation cel = new CelValidation();

  /**
   * @param crd the CustomResourceDefinition of the kind
   * @param version the version in the request path
   * @param statusWrite whether this writes the status subresource
   * @param incoming the object sent (after patches were applied), changed in place by pruning and defaulting
   * @param current the stored object, null on create
   * @param fieldValidation the request's {@code fieldValidation} parameter (Strict, Warn, Ignore; null means Warn)
   */
  public Result admit(JsonNode crd, String version, boolean statusWrite, ObjectNode incoming, ObjectNode current,
                      String fieldValidation) {
    String kind = crd.path("spec").path("names").path("kind").asText();
    JsonNode served = servedVersion(crd, version);
    if (served == null) {
      return new Rejected(404, "NotFound", "the server could not find the requested resource", kind, null, List.of());
    }
    String name = (current != null ? current : incoming).path("metadata").path("name").asText();
    JsonNode schema = served.path("schema").path("openAPIV3Schema");
    if (schema.isMissingNode()) {
      return new Admitted(incoming.toString(), List.of());
    }
    boolean statusSubresource = served.path("subresources").has("status");

    List<String> unknown;
    if (statusWrite) {
      JsonNode statusSchema = StructuralSchema.property(schema, "status");
      unknown = incoming.has("status") ? UnknownFields.prune(statusSchema, incoming.get("status"), "status") : List.of();
      SchemaDefaults.apply(statusSchema, incoming.get("status"));
    } else {
      unknown = UnknownFields.pruneObject(schema, incoming);
      SchemaDefaults.apply(schema, incoming);
    }
    List<String> warnings = new ArrayList<>();
    if (!unknown.isEmpty()) {
      if ("Strict".equals(fieldValidation)) {
        return new Rejected(400, "BadRequest", kind + " in version \"" + version + "\" cannot be handled as a " + kind
            + ": strict decoding error: " + unknown.stream().map(f -> "unknown field \"" + f + "\"")
            .collect(Collectors.joining(", ")), kind, name, List.of());
      }
      if (!"Ignore".equals(fieldValidation)) {
        unknown.forEach(f -> warnings.add("unknown field \"" + f + "\""));
      }
    }

    ObjectNode candidate = asStored(incoming, current, statusWrite, statusSubresource);
    List<Cause> causes = new ArrayList<>();
    if (current == null) {
      causes.addAll(validateName(incoming));
    }
    causes.addAll(openApi.validate(schema, candidate));
    boolean hasRules = schema.findValue("x-kubernetes-validations") != null;
    if (hasRules && causes.stream().anyMatch(Cause::blocksCelRules)) {
      causes.add(Cause.CEL_RULES_NOT_CHECKED);
    } else if (hasRules) {
      causes.addAll(cel.validate(schema, candidate, current));
    }
    if (!causes.isEmpty()) {
      return new Rejected(422, "Invalid", null, kind, name, causes);
    }
    return new Admitted(incoming.toString(), warnings);
  }

  /** The object as it will be stored: a status write changes only status, other writes never change status. */
  private static ObjectNode asStored(ObjectNode incoming, ObjectNode current, boolean statusWrite,
                                     boolean statusSubresource) {
    if (statusWrite) {
      ObjectNode stored = current.deepCopy();
      setOrRemove(stored, "status", incoming.get("status"));
      return stored;
    }
    ObjectNode stored = incoming.deepCopy();
    if (statusSubresource) {
      setOrRemove(stored, "status", current == null ? null : current.get("status"));
    }
    return stored;
  }

  private static void setOrRemove(ObjectNode object, String field, JsonNode value) {
    if (value == null || value.isNull()) {
      object.remove(field);
    } else {
      object.set(field, value.deepCopy());
    }
  }

  private static List<Cause> validateName(ObjectNode incoming) {
    JsonNode metadata = incoming.path("metadata");
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      return metadata.path("generateName").asText("").isEmpty()
          ? List.of(Cause.required("metadata.name", "name or generateName is required")) : List.of();
    }
    if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      return List.of(Cause.invalid("metadata.name", "\"" + name + "\"", "a lowercase RFC 1123 subdomain must consist "
          + "of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
          + "(e.g. 'example.com', regex used for validation is '" + DNS_SUBDOMAIN.pattern() + "')"));
    }
    return List.of();
  }

  private static JsonNode servedVersion(JsonNode crd, String version) {
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version) && v.path("served").asBoolean(true)) {
        return v;
      }
    }
    return null;
  }
}

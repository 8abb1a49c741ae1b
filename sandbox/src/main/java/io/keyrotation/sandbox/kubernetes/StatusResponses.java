package io.keyrotation.sandbox.kubernetes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.keyrotation.sandbox.kubernetes.admission.Cause;

import java.util.List;

/** Error answers shaped like the API server's {@code Status} objects, which kubectl and fabric8 print. */
final class StatusResponses {

  private StatusResponses() {
  }

  static MockResponse failure(int code, String reason, String message) {
    return json(code, status(code, reason, message));
  }

  static MockResponse notFound(ResourcePath path) {
    String what = path.isCoreGroup() ? path.plural() : path.plural() + "." + path.group();
    ObjectNode status = status(404, "NotFound", what + " \"" + path.name() + "\" not found");
    status.set("details", details(path));
    return json(404, status);
  }

  static MockResponse unsupportedMediaType(String mediaType) {
    return failure(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types "
        + "include: application/json, application/yaml, application/json-patch+json, application/merge-patch+json, "
        + "application/apply-patch+yaml (the sandbox API server speaks no protobuf: use kubectl apply -f); got " + mediaType);
  }

  static MockResponse badRequest(String message) {
    return failure(400, "BadRequest", message);
  }

  /** 422 Invalid with one cause per field, worded as the API server words it. */
  static MockResponse invalid(String kind, String group, String name, List<Cause> causes) {
    StringBuilder message = new StringBuilder(kind).append(" \"").append(name).append("\" is invalid: ");
    if (causes.size() == 1) {
      message.append(describe(causes.get(0)));
    } else {
      message.append('[');
      for (int i = 0; i < causes.size(); i++) {
        message.append(i == 0 ? "" : ", ").append(describe(causes.get(i)));
      }
      message.append(']');
    }
    ObjectNode status = status(422, "Invalid", message.toString());
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    details.put("name", name).put("group", group).put("kind", kind);
    ArrayNode array = details.putArray("causes");
    for (Cause cause : causes) {
      array.addObject().put("reason", cause.reason()).put("message", cause.message()).put("field", cause.field());
    }
    status.set("details", details);
    return json(422, status);
  }

  private static String describe(Cause cause) {
    return cause.field() + ": " + cause.message();
  }

  private static ObjectNode details(ResourcePath path) {
    ObjectNode details = JsonNodeFactory.instance.objectNode();
    details.put("name", path.name()).put("group", path.group()).put("kind", path.plural());
    return details;
  }

  private static ObjectNode status(int code, String reason, String message) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
    return status;
  }

  static MockResponse json(int code, Object body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body.toString());
  }
}

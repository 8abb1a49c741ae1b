package io.keyrotation.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The status the API server gives a CustomResourceDefinition it serves (the mock gives none): names accepted and
 * Established, which {@code kubectl wait --for=condition=Established}, Helm and Flux look for.
 */
final class CrdStatus {

  private CrdStatus() {
  }

  static boolean isCrdWrite(ApiRequest request) {
    return request.path().startsWith(CustomResourceKinds.CRD_COLLECTION)
        && !request.path().endsWith("/status") && !request.body().isBlank();
  }

  /** The request body with its status set, or unchanged when it is not a JSON object. */
  static String established(String body) {
    JsonNode parsed;
    try {
      parsed = ObjectStore.parse(body);
    } catch (IllegalArgumentException e) {
      return body;
    }
    if (!parsed.isObject()) {
      return body;
    }
    ObjectNode crd = (ObjectNode) parsed;
    ObjectNode status = crd.putObject("status");
    status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    ArrayNode conditions = status.putArray("conditions");
    conditions.addObject().put("type", "NamesAccepted").put("status", "True").put("reason", "NoConflicts")
        .put("message", "no conflicts found").put("lastTransitionTime", now);
    conditions.addObject().put("type", "Established").put("status", "True").put("reason", "InitialNamesAccepted")
        .put("message", "the initial names have been accepted").put("lastTransitionTime", now);
    ArrayNode stored = status.putArray("storedVersions");
    crd.path("spec").path("versions").forEach(v -> {
      if (v.path("storage").asBoolean(false)) {
        stored.add(v.path("name").asText());
      }
    });
    return crd.toString();
  }
}

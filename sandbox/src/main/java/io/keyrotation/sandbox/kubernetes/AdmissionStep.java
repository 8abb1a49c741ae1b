package io.keyrotation.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.keyrotation.sandbox.kubernetes.admission.CustomResourceAdmission;

import java.util.List;

/** Feeds a create or update of a custom resource to {@link CustomResourceAdmission}, with the stored object. */
final class AdmissionStep {

  private final ObjectStore store;
  private final CustomResourceAdmission admission = new CustomResourceAdmission();

  AdmissionStep(ObjectStore store) {
    this.store = store;
  }

  CustomResourceAdmission.Result admit(ApiRequest request, ResourcePath path, JsonNode crd) {
    JsonNode parsed;
    try {
      parsed = ObjectStore.parse(request.body());
    } catch (IllegalArgumentException e) {
      return new CustomResourceAdmission.Rejected(400, "BadRequest", e.getMessage(), null, null, List.of());
    }
    if (!parsed.isObject()) {
      return new CustomResourceAdmission.Rejected(400, "BadRequest", "the body must be an object", null, null,
          List.of());
    }
    ObjectNode current = null;
    if (request.method() == HttpMethod.PUT && path.isObject()) {
      current = store.get(path.objectPath()).orElse(null);
      if (current == null) {
        return new CustomResourceAdmission.Rejected(404, "NotFound", path.plural() + "." + path.group() + " \""
            + path.name() + "\" not found", null, path.name(), List.of());
      }
    }
    return admission.admit(crd, path.version(), path.isStatus(), (ObjectNode) parsed, current,
        request.queryParameter("fieldValidation"));
  }
}

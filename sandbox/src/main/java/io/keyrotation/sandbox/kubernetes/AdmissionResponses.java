package io.keyrotation.sandbox.kubernetes;

import io.fabric8.mockwebserver.http.MockResponse;
import io.keyrotation.sandbox.kubernetes.admission.CustomResourceAdmission;

/** A refused admission as the API server answers it. */
final class AdmissionResponses {

  private AdmissionResponses() {
  }

  static MockResponse rejection(CustomResourceAdmission.Rejected rejected, ResourcePath path) {
    if (!rejected.causes().isEmpty()) {
      return StatusResponses.invalid(rejected.kind(), path.group(), rejected.name(), rejected.causes());
    }
    return StatusResponses.failure(rejected.code(), rejected.reason(), rejected.message());
  }
}

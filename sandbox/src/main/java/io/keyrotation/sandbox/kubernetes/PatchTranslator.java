package io.keyrotation.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;

import java.util.function.Function;

/**
 * Turns every PATCH into the full object it produces and hands that on as an update, so that admission (defaults,
 * schema, CEL) sees the result of a patch exactly as it sees a create or an update. Must run under the write lock:
 * it reads the current object and writes the result as one step, as the API server does.
 */
final class PatchTranslator {

  static final String JSON_PATCH = "application/json-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";

  private final ObjectStore store;
  private final ServerSideApply serverSideApply;
  private final CustomResourceKinds customResources;

  PatchTranslator(ObjectStore store, CustomResourceKinds customResources) {
    this.store = store;
    this.serverSideApply = new ServerSideApply(store);
    this.customResources = customResources;
  }

  MockResponse patch(ApiRequest request, ResourcePath path, Function<ApiRequest, MockResponse> downstream) {
    String mediaType = request.mediaType();
    if (mediaType.equals(ServerSideApply.MEDIA_TYPE)) {
      return serverSideApply.apply(request, path, downstream);
    }
    boolean merge = mediaType.equals(MERGE_PATCH)
        // the API server refuses strategic merge patches for custom resources; for built-in kinds the
        // stand-in treats them as merge patches, which is exact for maps (Secret data, labels) but not for keyed lists
        || (mediaType.equals(STRATEGIC_MERGE_PATCH) && !customResources.isCustomResource(path));
    if (!merge && !mediaType.equals(JSON_PATCH)) {
      return StatusResponses.unsupportedMediaType(mediaType);
    }
    JsonNode current = store.get(path.objectPath()).orElse(null);
    if (current == null) {
      return StatusResponses.notFound(path);
    }
    JsonNode patch;
    try {
      patch = ObjectStore.parse(request.body());
    } catch (IllegalArgumentException e) {
      return StatusResponses.badRequest(e.getMessage());
    }
    JsonNode desired;
    try {
      desired = merge ? JsonMergePatch.apply(current, patch) : JsonPatch.apply(patch, current);
    } catch (JsonPatchException | IllegalArgumentException e) {
      return StatusResponses.failure(422, "Invalid", "the server rejected our request due to an error in our request: "
          + e.getMessage());
    }
    String target = path.isStatus() ? path.objectPath() + "/status" : path.objectPath();
    return downstream.apply(request.rewrite(HttpMethod.PUT, target, desired.toString()));
  }
}

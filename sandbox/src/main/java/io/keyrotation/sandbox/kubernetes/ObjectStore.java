package io.keyrotation.sandbox.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The mock server's CRUD store, seen as objects: read one, or hand a (rewritten) request to it. */
final class ObjectStore {

  static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesCrudDispatcher crud;

  ObjectStore(KubernetesCrudDispatcher crud) {
    this.crud = crud;
  }

  Optional<ObjectNode> get(String objectPath) {
    MockResponse response = crud.handleGet(objectPath);
    if (response.code() != 200) {
      return Optional.empty();
    }
    return Optional.of((ObjectNode) parse(bodyOf(response)));
  }

  MockResponse dispatch(ApiRequest request) {
    return crud.dispatch(request.toRecorded());
  }

  MockResponse put(ApiRequest original, String pathAndQuery, JsonNode object) {
    return dispatch(original.rewrite(HttpMethod.PUT, pathAndQuery, object.toString()));
  }

  MockResponse post(ApiRequest original, String pathAndQuery, JsonNode object) {
    return dispatch(original.rewrite(HttpMethod.POST, pathAndQuery, object.toString()));
  }

  static String bodyOf(MockResponse response) {
    return response.getBody() == null ? "" : new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }
}

package io.keyrotation.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

/**
 * {@code SelfSubjectRulesReview} and {@code SelfSubjectAccessReview}, which the mock refuses with 422. The stand-in has
 * no authorization, so like a cluster-admin's view every verb on every resource is allowed. JOSDK asks this before
 * leader election; {@code kubectl auth can-i} asks the access review.
 */
final class SelfSubjectReviews {

  private static final String PREFIX = "/apis/authorization.k8s.io/v1/";

  boolean handles(ApiRequest request) {
    return request.method() == io.fabric8.mockwebserver.dsl.HttpMethod.POST
        && (request.path().equals(PREFIX + "selfsubjectrulesreviews")
        || request.path().equals(PREFIX + "selfsubjectaccessreviews"));
  }

  MockResponse answer(ApiRequest request) {
    JsonNode parsed;
    try {
      parsed = ObjectStore.parse(request.body());
    } catch (IllegalArgumentException e) {
      return StatusResponses.badRequest(e.getMessage());
    }
    ObjectNode review = parsed.isObject() ? (ObjectNode) parsed : ObjectStore.JSON.createObjectNode();
    review.with("metadata");
    ObjectNode status = review.putObject("status");
    if (request.path().endsWith("selfsubjectrulesreviews")) {
      review.put("kind", "SelfSubjectRulesReview");
      status.putArray("resourceRules").addObject()
          .<ObjectNode>set("verbs", ObjectStore.JSON.createArrayNode().add("*"))
          .<ObjectNode>set("apiGroups", ObjectStore.JSON.createArrayNode().add("*"))
          .set("resources", ObjectStore.JSON.createArrayNode().add("*"));
      status.putArray("nonResourceRules").addObject()
          .<ObjectNode>set("verbs", ObjectStore.JSON.createArrayNode().add("*"))
          .set("nonResourceURLs", ObjectStore.JSON.createArrayNode().add("*"));
      status.put("incomplete", false);
    } else {
      review.put("kind", "SelfSubjectAccessReview");
      status.put("allowed", true).put("reason", "the sandbox API server has no authorization");
    }
    review.put("apiVersion", "authorization.k8s.io/v1");
    return StatusResponses.json(201, review);
  }
}

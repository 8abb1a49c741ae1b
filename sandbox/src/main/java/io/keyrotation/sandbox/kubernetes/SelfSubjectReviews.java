package io.keyrotation.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.keyrotation.sandbox.kubernetes.rbac.RbacAuthorizer;
import io.keyrotation.sandbox.kubernetes.rbac.RequestAttributes;
import io.keyrotation.sandbox.kubernetes.rbac.ServiceAccount;
import java.util.List;
import java.util.Optional;

/**
 * {@code SelfSubjectRulesReview} and {@code SelfSubjectAccessReview}, which the mock refuses with 422. For a
 * ServiceAccount token they are answered from the same RBAC rules the authorizer enforces; for the sandbox's admin
 * every verb on every resource is allowed. JOSDK asks the rules review before leader election; {@code kubectl auth
 * can-i} asks the access review.
 */
final class SelfSubjectReviews {

  private static final String PREFIX = "/apis/authorization.k8s.io/v1/";

  private final RbacAuthorizer authorizer;

  SelfSubjectReviews(RbacAuthorizer authorizer) {
    this.authorizer = authorizer;
  }

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
    Optional<ServiceAccount> account = authorizer.serviceAccountOf(request.authorization());
    ObjectNode status = review.putObject("status");
    if (request.path().endsWith("selfsubjectrulesreviews")) {
      review.put("kind", "SelfSubjectRulesReview");
      String namespace = review.path("spec").path("namespace").asText(null);
      List<JsonNode> rules = account.map(a -> authorizer.rulesFor(a, namespace)).orElse(List.of(everything()));
      ArrayNode resourceRules = status.putArray("resourceRules");
      ArrayNode nonResourceRules = status.putArray("nonResourceRules");
      for (JsonNode rule : rules) {
        (rule.has("nonResourceURLs") ? nonResourceRules : resourceRules).add(rule.deepCopy());
      }
      if (account.isEmpty()) {
        nonResourceRules.addObject().<ObjectNode>set("verbs", ObjectStore.JSON.createArrayNode().add("*"))
            .set("nonResourceURLs", ObjectStore.JSON.createArrayNode().add("*"));
      }
      status.put("incomplete", false);
    } else {
      review.put("kind", "SelfSubjectAccessReview");
      boolean allowed = account.map(a -> authorizer.allows(a, attributes(review.path("spec")))).orElse(true);
      status.put("allowed", allowed);
      if (account.isEmpty()) {
        status.put("reason", "the sandbox's admin may do anything");
      }
    }
    review.put("apiVersion", "authorization.k8s.io/v1");
    return StatusResponses.json(201, review);
  }

  private static JsonNode everything() {
    ObjectNode rule = ObjectStore.JSON.createObjectNode();
    rule.putArray("verbs").add("*");
    rule.putArray("apiGroups").add("*");
    rule.putArray("resources").add("*");
    return rule;
  }

  private static RequestAttributes attributes(JsonNode spec) {
    JsonNode nonResource = spec.path("nonResourceAttributes");
    if (!nonResource.isMissingNode()) {
      return RequestAttributes.nonResource(nonResource.path("verb").asText(), nonResource.path("path").asText());
    }
    JsonNode r = spec.path("resourceAttributes");
    return RequestAttributes.resource(r.path("verb").asText(), r.path("group").asText(""), r.path("resource").asText(),
        emptyToNull(r.path("subresource").asText("")), emptyToNull(r.path("namespace").asText("")),
        emptyToNull(r.path("name").asText("")));
  }

  private static String emptyToNull(String value) {
    return value.isEmpty() ? null : value;
  }
}

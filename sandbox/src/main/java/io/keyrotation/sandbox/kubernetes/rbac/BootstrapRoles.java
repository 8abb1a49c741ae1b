package io.keyrotation.sandbox.kubernetes.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The rules every authenticated user has from the API server's bootstrap ClusterRoles bound to
 * {@code system:authenticated}: {@code system:basic-user} (self reviews), {@code system:discovery} and
 * {@code system:public-info-viewer} (discovery, version, health). See "Using RBAC Authorization", section
 * "Default roles and role bindings" (kubernetes.io/docs/reference/access-authn-authz/rbac/).
 */
final class BootstrapRoles {

  private static final ObjectMapper JSON = new ObjectMapper();

  static final List<JsonNode> RULES = List.of(
      rule("{\"verbs\":[\"create\"],\"apiGroups\":[\"authorization.k8s.io\"],"
          + "\"resources\":[\"selfsubjectaccessreviews\",\"selfsubjectrulesreviews\"]}"),
      rule("{\"verbs\":[\"create\"],\"apiGroups\":[\"authentication.k8s.io\"],\"resources\":[\"selfsubjectreviews\"]}"),
      rule("{\"verbs\":[\"get\"],\"nonResourceURLs\":[\"/api\",\"/api/*\",\"/apis\",\"/apis/*\",\"/healthz\","
          + "\"/livez\",\"/readyz\",\"/version\",\"/version/\",\"/openapi\",\"/openapi/*\"]}"));

  private BootstrapRoles() {
  }

  private static JsonNode rule(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

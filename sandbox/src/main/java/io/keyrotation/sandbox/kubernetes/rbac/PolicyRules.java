package io.keyrotation.sandbox.kubernetes.rbac;

import com.fasterxml.jackson.databind.JsonNode;

/** Whether one RBAC PolicyRule allows a request: Kubernetes' rule-matching semantics (rbac/v1). */
final class PolicyRules {

  private PolicyRules() {
  }

  static boolean allows(JsonNode rule, RequestAttributes request) {
    if (!contains(rule.path("verbs"), request.verb(), true)) {
      return false;
    }
    if (!request.isResourceRequest()) {
      return matchesPath(rule.path("nonResourceURLs"), request.path());
    }
    if (!contains(rule.path("apiGroups"), request.group(), true) || !matchesResource(rule.path("resources"), request)) {
      return false;
    }
    JsonNode names = rule.path("resourceNames");
    // a rule restricted to names never matches a request without one (list, watch, create)
    return names.isEmpty() || (request.name() != null && contains(names, request.name(), false));
  }

  private static boolean matchesResource(JsonNode resources, RequestAttributes request) {
    String combined = request.resourceWithSubresource();
    for (JsonNode r : resources) {
      String rule = r.asText();
      if (rule.equals("*") || rule.equals(combined)
          || (request.subresource() != null && rule.equals("*/" + request.subresource()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesPath(JsonNode urls, String path) {
    for (JsonNode u : urls) {
      String rule = u.asText();
      if (rule.equals("*") || rule.equals(path)
          || (rule.endsWith("*") && path.startsWith(rule.substring(0, rule.length() - 1)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(JsonNode values, String value, boolean wildcard) {
    for (JsonNode v : values) {
      if ((wildcard && v.asText().equals("*")) || v.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}

package io.keyrotation.sandbox.kubernetes.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The PolicyRules that apply to a ServiceAccount in a namespace, from the stored RBAC objects: its ClusterRoleBindings
 * (everywhere) and the RoleBindings of that namespace (to a Role there or a ClusterRole), plus the bootstrap rules.
 * Aggregated ClusterRoles ({@code aggregationRule}) are not expanded: their stored rules are used as they are.
 */
final class RbacPolicy {

  private static final String RBAC = "/apis/rbac.authorization.k8s.io/v1";

  private final RbacObjects objects;

  RbacPolicy(RbacObjects objects) {
    this.objects = objects;
  }

  /** Rules in effect for a request in {@code namespace} (null: cluster scope, only ClusterRoleBindings count). */
  List<JsonNode> rulesFor(ServiceAccount account, String namespace) {
    List<JsonNode> rules = new ArrayList<>(BootstrapRoles.RULES);
    for (JsonNode binding : objects.list(RBAC + "/clusterrolebindings")) {
      if (binds(binding, account) && binding.path("roleRef").path("kind").asText().equals("ClusterRole")) {
        role(RBAC + "/clusterroles/" + binding.path("roleRef").path("name").asText()).ifPresent(r -> addRules(r, rules));
      }
    }
    if (namespace != null) {
      for (JsonNode binding : objects.list(RBAC + "/namespaces/" + namespace + "/rolebindings")) {
        if (!binds(binding, account)) {
          continue;
        }
        String name = binding.path("roleRef").path("name").asText();
        String path = binding.path("roleRef").path("kind").asText().equals("Role")
            ? RBAC + "/namespaces/" + namespace + "/roles/" + name : RBAC + "/clusterroles/" + name;
        role(path).ifPresent(r -> addRules(r, rules));
      }
    }
    return rules;
  }

  boolean allows(ServiceAccount account, RequestAttributes request) {
    return rulesFor(account, request.namespace()).stream().anyMatch(rule -> PolicyRules.allows(rule, request));
  }

  private Optional<? extends JsonNode> role(String path) {
    return objects.get(path);
  }

  private static void addRules(JsonNode role, List<JsonNode> into) {
    role.path("rules").forEach(into::add);
  }

  private static boolean binds(JsonNode binding, ServiceAccount account) {
    for (JsonNode subject : binding.path("subjects")) {
      String kind = subject.path("kind").asText();
      String name = subject.path("name").asText();
      boolean matches = switch (kind) {
        case "ServiceAccount" -> name.equals(account.name())
            && subject.path("namespace").asText(binding.path("metadata").path("namespace").asText())
                .equals(account.namespace());
        case "User" -> name.equals(account.userName());
        case "Group" -> account.groups().contains(name);
        default -> false;
      };
      if (matches) {
        return true;
      }
    }
    return false;
  }
}

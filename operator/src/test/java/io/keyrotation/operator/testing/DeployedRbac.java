package io.keyrotation.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;

/** The ServiceAccount, Roles, ClusterRoles and bindings of {@code deploy/}, rendered as {@code kubectl apply -k}. */
public final class DeployedRbac {

  /** One verb on one resource, as granted by a rule of a Role (namespace) or ClusterRole (namespace null). */
  public record Grant(String verb, String group, String resource, String namespace) {
    public boolean allows(ApiCall call) {
      return verb.equals(call.verb()) && group.equals(call.group()) && resource.equals(call.resource())
          && (namespace == null || namespace.equals(call.namespace()));
    }

    @Override
    public String toString() {
      return verb + " " + resource + (group.isEmpty() ? "" : "." + group)
          + (namespace == null ? "" : " in " + namespace);
    }
  }

  /**
   * Grants the examples alone cannot show in use (the call needs reachable vaults and SQL Servers), each with
   * the test that shows the call made under deploy/'s RBAC and refused without the grant.
   */
  public static final java.util.Map<Grant, String> SHOWN_BEYOND_THE_EXAMPLES = java.util.Map.of(
      new Grant("patch", "keyrotation.io", "vaultbackupschedules", null), "tde.BackupBeforeUseRbacTest (asking a schedule for a backup)");

  private static List<HasMetadata> rendered;

  private DeployedRbac() {
  }

  public static synchronized List<HasMetadata> objects() {
    if (rendered == null) {
      rendered = RenderedDeploy.render().stream().filter(o -> o instanceof ServiceAccount || o instanceof Role
          || o instanceof ClusterRole || o instanceof RoleBinding || o instanceof ClusterRoleBinding).toList();
    }
    return rendered;
  }

  public static ServiceAccount serviceAccount() {
    return objects().stream().filter(ServiceAccount.class::isInstance).map(ServiceAccount.class::cast).findFirst()
        .orElseThrow(() -> new AssertionError("deploy/ has no ServiceAccount"));
  }

  public static List<Grant> grants() {
    List<Grant> grants = new ArrayList<>();
    for (HasMetadata object : objects()) {
      if (object instanceof ClusterRole role) {
        role.getRules().forEach(rule -> expand(rule, null, grants));
      } else if (object instanceof Role role) {
        role.getRules().forEach(rule -> expand(rule, role.getMetadata().getNamespace(), grants));
      }
    }
    return grants;
  }

  /** The same objects with one grant taken out (its rule split into one rule per remaining verb and resource). */
  public static List<HasMetadata> without(Grant dropped) {
    List<HasMetadata> result = new ArrayList<>();
    for (HasMetadata object : objects()) {
      if (object instanceof ClusterRole role) {
        ClusterRole copy = new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder(role).build();
        copy.setRules(remaining(role.getRules(), null, dropped));
        result.add(copy);
      } else if (object instanceof Role role) {
        Role copy = new io.fabric8.kubernetes.api.model.rbac.RoleBuilder(role).build();
        copy.setRules(remaining(role.getRules(), role.getMetadata().getNamespace(), dropped));
        result.add(copy);
      } else {
        result.add(object);
      }
    }
    return result;
  }

  private static List<PolicyRule> remaining(List<PolicyRule> rules, String namespace, Grant dropped) {
    List<PolicyRule> remaining = new ArrayList<>();
    for (PolicyRule rule : rules) {
      List<Grant> grants = new ArrayList<>();
      expand(rule, namespace, grants);
      for (Grant g : grants) {
        if (!g.equals(dropped)) {
          remaining.add(new PolicyRuleBuilder().withApiGroups(g.group()).withResources(g.resource())
              .withVerbs(g.verb()).build());
        }
      }
    }
    return remaining;
  }

  private static void expand(PolicyRule rule, String namespace, List<Grant> into) {
    for (String group : rule.getApiGroups()) {
      for (String resource : rule.getResources()) {
        for (String verb : rule.getVerbs()) {
          into.add(new Grant(verb, group, resource, namespace));
        }
      }
    }
  }
}

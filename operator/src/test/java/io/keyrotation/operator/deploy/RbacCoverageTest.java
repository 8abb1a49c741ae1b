package io.keyrotation.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.testing.ApiCall;
import io.keyrotation.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/rbac.yaml grants exactly what the operator uses: every call it makes while handling the
 * examples is allowed, and every granted verb on every resource is used.
 */
class RbacCoverageTest {
  /** Granted to every authenticated user by the default system:basic-user role. */
  static final Set<String> GRANTED_BY_DEFAULT = Set.of("selfsubjectrulesreviews", "selfsubjectaccessreviews");

  record Grant(String verb, String group, String resource, String namespace) {
    boolean allows(ApiCall call) {
      return verb.equals(call.verb()) && group.equals(call.group()) && resource.equals(call.resource())
          && (namespace == null || namespace.equals(call.namespace()));
    }
  }

  @Test
  void everyCallIsAllowedAndEveryGrantIsUsed() {
    List<Grant> grants = grants();
    Set<ApiCall> calls;
    try (OperatorHarness harness = OperatorHarness.start()) {
      harness.applyExamples();
      await().atMost(Duration.ofSeconds(30)).until(() -> statusWritten(harness));
      await().atMost(Duration.ofSeconds(30)).until(() -> harness.operatorClient().distinctCalls().stream()
          .anyMatch(c -> c.resource().equals("leases") && c.verb().equals("patch")));
      calls = harness.operatorClient().distinctCalls().stream()
          .filter(c -> !GRANTED_BY_DEFAULT.contains(c.resource())).collect(Collectors.toSet());
    }
    assertThat(calls).as("calls the operator made").isNotEmpty()
        .allSatisfy(call -> assertThat(grants).as("a grant for %s", call).anyMatch(g -> g.allows(call)));
    assertThat(grants).allSatisfy(grant -> assertThat(calls).as("a call that uses %s", grant).anyMatch(grant::allows));
  }

  private static boolean statusWritten(OperatorHarness harness) {
    return List.of(TdeKeyPolicy.class, VaultBackupSchedule.class, ServicePrincipalRotation.class).stream()
        .allMatch(kind -> harness.user().resources(kind).inNamespace("tde-demo").list().getItems().stream()
            .allMatch(r -> r.getStatus() != null));
  }

  private static List<Grant> grants() {
    List<Grant> grants = new ArrayList<>();
    for (HasMetadata object : RenderedDeploy.render()) {
      if (object instanceof ClusterRole role) {
        role.getRules().forEach(rule -> expand(rule, null, grants));
      } else if (object instanceof Role role) {
        role.getRules().forEach(rule -> expand(rule, role.getMetadata().getNamespace(), grants));
      }
    }
    return grants;
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

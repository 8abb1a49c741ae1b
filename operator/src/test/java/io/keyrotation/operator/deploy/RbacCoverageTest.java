package io.keyrotation.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.principal.SecretRotationScenario;
import io.keyrotation.operator.testing.ApiCall;
import io.keyrotation.operator.testing.DeployedRbac;
import io.keyrotation.operator.testing.DeployedRbac.Grant;
import io.keyrotation.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * deploy/rbac.yaml grants exactly what the operator uses: every call it makes while handling the
 * examples, and while rotating a client secret to the end ({@link SecretRotationScenario}), is allowed,
 * and every granted verb on every resource is used. (That each grant is needed is shown by
 * {@link RbacRuleNecessityTest}; that every call is allowed, by the stand-in enforcing it.)
 */
class RbacCoverageTest {
  /** Granted to every authenticated user by the default system:basic-user role. */
  static final Set<String> GRANTED_BY_DEFAULT = Set.of("selfsubjectrulesreviews", "selfsubjectaccessreviews");

  /** JOSDK checks for this grant (SelfSubjectRulesReview) before leader election, without using it. */
  static final ApiCall CHECKED_BEFORE_LEADER_ELECTION =
      new ApiCall("update", "coordination.k8s.io", "leases", OperatorHarness.OPERATOR_NAMESPACE);

  static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void everyCallIsAllowedAndEveryGrantIsUsed() throws Exception {
    List<Grant> grants = DeployedRbac.grants();
    Set<ApiCall> calls = new HashSet<>();
    try (OperatorHarness harness = OperatorHarness.start()) {
      harness.applyExamples();
      await().atMost(PATIENCE).until(() -> examplesSettled(harness));
      calls.addAll(callsOf(harness));
    }
    try (SecretRotationScenario scenario = SecretRotationScenario.startUnder(DeployedRbac.objects())) {
      assertThat(scenario.harness().startFailure()).isEmpty();
      scenario.rotate();
      await().atMost(PATIENCE).until(scenario::rotated);
      calls.addAll(callsOf(scenario.harness()));
    }
    assertThat(calls).as("calls the operator made").isNotEmpty()
        .allSatisfy(call -> assertThat(grants).as("a grant for %s", call).anyMatch(g -> g.allows(call)));
    assertThat(grants).filteredOn(grant -> !DeployedRbac.SHOWN_BEYOND_THE_EXAMPLES.containsKey(grant))
        .allSatisfy(grant -> assertThat(calls).as("a call that uses %s", grant).anyMatch(grant::allows));
  }

  /** The examples' resources all have a status and the leader has renewed its Lease. */
  static boolean examplesSettled(OperatorHarness harness) {
    return statusWritten(harness) && harness.operatorClient().distinctCalls().stream()
        .anyMatch(c -> c.resource().equals("leases") && c.verb().equals("patch"));
  }

  private static Set<ApiCall> callsOf(OperatorHarness harness) {
    assertThat(harness.kubernetes().refusals()).as("calls refused by deploy/'s RBAC").isEmpty();
    Set<ApiCall> calls = harness.operatorClient().distinctCalls().stream()
        .filter(c -> !GRANTED_BY_DEFAULT.contains(c.resource())).collect(Collectors.toCollection(HashSet::new));
    if (harness.operatorClient().distinctCalls().stream().anyMatch(c -> c.resource().equals("selfsubjectrulesreviews"))) {
      calls.add(CHECKED_BEFORE_LEADER_ELECTION);
    }
    return calls;
  }

  private static boolean statusWritten(OperatorHarness harness) {
    return List.of(TdeKeyPolicy.class, VaultBackupSchedule.class, ServicePrincipalRotation.class).stream()
        .allMatch(kind -> harness.user().resources(kind).inNamespace("tde-demo").list().getItems().stream()
            .allMatch(r -> r.getStatus() != null));
  }
}

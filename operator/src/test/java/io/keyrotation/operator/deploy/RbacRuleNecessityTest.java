package io.keyrotation.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.keyrotation.operator.principal.SecretRotationScenario;
import io.keyrotation.operator.testing.DeployedRbac;
import io.keyrotation.operator.testing.DeployedRbac.Grant;
import io.keyrotation.operator.testing.OperatorHarness;
import io.keyrotation.sandbox.kubernetes.rbac.RequestAttributes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every verb on every resource that deploy/rbac.yaml grants is needed: with that one grant taken
 * out, the stand-in refuses the operator's call for it with 403 (or, for the lease verbs JOSDK checks
 * before leader election, the operator refuses to start and names the missing verb). The examples
 * need most grants; those they do not reach (the Secret writes) a whole client secret rotation
 * ({@link SecretRotationScenario}) does.
 */
class RbacRuleNecessityTest {
  static final Duration PATIENCE = Duration.ofSeconds(60);

  static List<Grant> grants() {
    return DeployedRbac.grants().stream().filter(g -> !DeployedRbac.SHOWN_BEYOND_THE_EXAMPLES.containsKey(g)).toList();
  }

  @ParameterizedTest(name = "without \"{0}\" the operator is refused")
  @MethodSource("grants")
  void operatorIsRefusedWhenAnyGrantIsTakenOut(Grant dropped) throws Exception {
    List<HasMetadata> rbac = DeployedRbac.without(dropped);
    boolean refusedWithExamples;
    try (OperatorHarness harness = OperatorHarness.startUnder(rbac)) {
      if (harness.startFailure().isEmpty()) {
        harness.applyExamples();
      }
      await().atMost(PATIENCE).until(() -> refusedFor(harness, dropped) || startRefusedFor(harness, dropped)
          || RbacCoverageTest.examplesSettled(harness));
      refusedWithExamples = refusedFor(harness, dropped) || startRefusedFor(harness, dropped);
      assertOnlyDroppedRefused(harness, dropped);
    }
    if (!refusedWithExamples) {
      try (SecretRotationScenario scenario = SecretRotationScenario.startUnder(rbac)) {
        scenario.rotate();
        await().atMost(PATIENCE).until(() -> refusedFor(scenario.harness(), dropped) || scenario.rotated());
        assertThat(refusedFor(scenario.harness(), dropped)).as("the secret rotation is refused %s", dropped).isTrue();
        assertOnlyDroppedRefused(scenario.harness(), dropped);
      }
    }
  }

  private static void assertOnlyDroppedRefused(OperatorHarness harness, Grant dropped) {
    assertThat(harness.kubernetes().refusals()).as("nothing but the dropped grant is refused")
        .allSatisfy(r -> assertThat(matches(dropped, r.request())).isTrue());
  }

  private static boolean refusedFor(OperatorHarness harness, Grant dropped) {
    return harness.kubernetes().refusals().stream().anyMatch(r -> matches(dropped, r.request()));
  }

  /** JOSDK: "No permission to lease resource. in namespace: ...; missing required verbs: [update]". */
  private static boolean startRefusedFor(OperatorHarness harness, Grant dropped) {
    return dropped.resource().equals("leases") && harness.startFailure().map(RbacRuleNecessityTest::messages)
        .map(m -> m.contains("missing required verbs") && m.contains(dropped.verb())).orElse(false);
  }

  private static String messages(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  private static boolean matches(Grant grant, RequestAttributes request) {
    return grant.verb().equals(request.verb()) && grant.group().equals(request.group())
        && grant.resource().equals(request.resourceWithSubresource())
        && (grant.namespace() == null || grant.namespace().equals(request.namespace()));
  }
}

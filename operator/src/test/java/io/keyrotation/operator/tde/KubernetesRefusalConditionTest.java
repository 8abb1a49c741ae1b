package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.keyrotation.operator.api.tde.RotationStep;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.testing.DeployedRbac;
import io.keyrotation.operator.testing.DeployedRbac.Grant;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator under deploy/'s RBAC minus one rule, the Kubernetes stand-in enforcing it: the refused call ends as
 * Ready=False / Degraded=True, reason KubernetesForbidden, naming the verb and the resource, with one Warning Event
 * however often the call is tried again (on a backoff, not in a loop). When the refused call is the status write
 * itself, the Warning Event is all the user sees, and the operator keeps running.
 */
class KubernetesRefusalConditionTest {
  static final Duration PATIENCE = Duration.ofSeconds(120);
  static final String FORBIDDEN = "KubernetesForbidden";

  @Test
  void aPolicyRefusedPatchOnItsScheduleSaysSoInItsConditionsAndOneWarning() {
    Grant dropped = new Grant("patch", "keyrotation.io", "vaultbackupschedules", null);
    try (TdeSandbox sandbox = new TdeSandbox(1, DeployedRbac.without(dropped));
         BackupArchiveFixture archive = new BackupArchiveFixture(sandbox)) {
      archive.schedule("tde-keys");
      sandbox.apply(sandbox.policy("sales"));
      await().atMost(PATIENCE).until(() -> sandbox.get("sales"), p -> p.getStatus() != null && TdeRotationEndToEndTest.ready(p, "True"));
      sandbox.rotateNow("sales", "now");

      TdeKeyPolicy policy = await().atMost(PATIENCE).until(() -> sandbox.get("sales"),
          p -> FORBIDDEN.equals(condition(p, "Ready").getReason()));
      // tried again after the condition was written: still one Warning
      await().atMost(PATIENCE).until(() -> refusals(sandbox, "vaultbackupschedules") >= 2);

      assertThat(condition(policy, "Ready").getStatus()).isEqualTo("False");
      assertThat(condition(policy, "Ready").getMessage())
          .contains("patch on vaultbackupschedules (API group keyrotation.io) \"tde-keys\" in namespace " + TdeSandbox.NS)
          .doesNotContain(sandbox.operatorSecret());
      assertThat(condition(policy, "Degraded").getStatus()).isEqualTo("True");
      assertThat(condition(policy, "Degraded").getReason()).isEqualTo(FORBIDDEN);
      assertThat(policy.getStatus().rotation().step()).as("no database uses the new key").isEqualTo(RotationStep.AwaitBackup);
      assertThat(warnings(sandbox, "sales")).singleElement()
          .satisfies(e -> assertThat(e.getMessage()).contains("patch on vaultbackupschedules"));
    }
  }

  @Test
  void aRefusedStatusWriteLeavesOneWarningEventAndTheOperatorRunning() {
    Grant dropped = new Grant("patch", "keyrotation.io", "tdekeypolicies/status", null);
    try (TdeSandbox sandbox = new TdeSandbox(1, DeployedRbac.without(dropped))) {
      sandbox.apply(sandbox.policy("sales"));

      // the reconcile's write, the error status write, then at least one later attempt
      await().atMost(PATIENCE).until(() -> refusals(sandbox, "tdekeypolicies/status") >= 3);

      assertThat(sandbox.get("sales").getStatus()).as("nothing could be written").isNull();
      assertThat(warnings(sandbox, "sales")).singleElement().satisfies(e -> assertThat(e.getMessage())
          .contains("patch on tdekeypolicies/status (API group keyrotation.io) \"sales\" in namespace " + TdeSandbox.NS)
          .contains("deploy/rbac.yaml"));
      assertThat(sandbox.harness.informerFailures()).isEmpty();
    }
  }

  private static long refusals(TdeSandbox sandbox, String resource) {
    return sandbox.harness.kubernetes().refusals().stream()
        .filter(r -> r.request().verb().equals("patch") && r.request().resourceWithSubresource().equals(resource)).count();
  }

  private static List<Event> warnings(TdeSandbox sandbox, String policy) {
    return sandbox.events(policy).stream().filter(e -> FORBIDDEN.equals(e.getReason()) && "Warning".equals(e.getType())).toList();
  }

  private static Condition condition(TdeKeyPolicy policy, String type) {
    if (policy.getStatus() == null || policy.getStatus().conditions() == null) {
      return new Condition();
    }
    return policy.getStatus().conditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(new Condition());
  }
}

package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The leader cannot reach the API server past its renew deadline. fabric8's LeaderElector then stops leading and JOSDK
 * calls our callback before its own "stopped leading" (with exitOnStopLeading=false JOSDK would only log, and its
 * controllers would go on reconciling without the lease); the operator's main halts the process with exit code 1, so
 * it never acts without the lease. What a user sees: the pod restarts once ("lost leadership" in its previous log),
 * and the restarted replica takes the lease when the API server is back and reconciles.
 */
class LeaderWithoutApiServerTest {
  static final String NAMESPACE = "keyrotation-system";
  static final Duration PATIENCE = Duration.ofSeconds(60);
  /** JOSDK's defaults: lease 15 s, renew deadline 10 s, retry every 2 s; the process must be gone well before this. */
  static final Duration RENEW_DEADLINE_AND_SLACK = Duration.ofSeconds(40);

  @Test
  void aLeaderCutOffFromTheApiServerPastItsRenewDeadlineExitsAndItsRestartTakesOver() throws Exception {
    try (KubernetesStandIn kubernetes = KubernetesStandIn.start()) {
      kubernetes.applyCrds(Path.of("../crds"));
      KubernetesClient user = kubernetes.client();
      Path dir = Path.of("target", "e2e-leader-outage");
      Path kubeconfig = kubernetes.writeKubeconfig(dir.resolve("kubeconfig").toAbsolutePath());
      try (OperatorProcess leader = replica(kubeconfig, dir, "keyrotation-operator-5c8d-a")) {
        await().atMost(PATIENCE).until(() -> lease(user), l -> l != null && l.getSpec().getHolderIdentity() != null);
        await().atMost(PATIENCE).until(leader::isReady);

        kubernetes.faults().unavailable();
        await().atMost(RENEW_DEADLINE_AND_SLACK).until(() -> !leader.isAlive());
        kubernetes.faults().available();

        assertThat(leader.exitCode()).as("halted, so that Kubernetes restarts it").hasValue(1);
        assertThat(leader.log()).contains("lost leadership");
      }
      try (OperatorProcess restarted = replica(kubeconfig, dir, "keyrotation-operator-5c8d-a-restarted")) {
        await().atMost(PATIENCE).until(() -> lease(user),
            l -> "keyrotation-operator-5c8d-a-restarted".equals(l.getSpec().getHolderIdentity()));
        List<HasMetadata> applied = LeaderTakeoverTest.apply(user, Path.of("../examples/00-namespace-and-secrets.yaml"),
            Path.of("../examples/tdekeypolicy.yaml"));
        HasMetadata policy = applied.get(applied.size() - 1);
        GenericKubernetesResource reconciled = await().atMost(PATIENCE).until(() -> user
            .genericKubernetesResources(policy.getApiVersion(), policy.getKind())
            .inNamespace(policy.getMetadata().getNamespace()).withName(policy.getMetadata().getName()).get(),
            r -> ReadyCondition.of(r) != null);
        assertThat(ReadyCondition.of(reconciled).getStatus()).isNotBlank();
        assertThat(restarted.isAlive()).isTrue();
      }
    }
  }

  private static OperatorProcess replica(Path kubeconfig, Path dir, String podName) {
    return OperatorProcess.start(kubeconfig, dir.resolve(podName + ".log"), Map.of(
        "POD_NAMESPACE", NAMESPACE, "KEYROTATION_LEADER_ELECTION", "true", "HOSTNAME", podName));
  }

  private static Lease lease(KubernetesClient user) {
    return user.leases().inNamespace(NAMESPACE).withName(LeaderTakeoverTest.LEASE).get();
  }
}

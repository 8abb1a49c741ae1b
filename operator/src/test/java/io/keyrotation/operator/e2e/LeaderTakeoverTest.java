package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two replicas as the Deployment runs them (two processes, one Lease, pod names as identities): when the leader dies
 * without releasing the Lease, the standby takes it once it expires and reconciles from then on.
 */
class LeaderTakeoverTest {
  static final String NAMESPACE = "keyrotation-system";
  static final String LEASE = "keyrotation-operator-leader";
  static final Duration PATIENCE = Duration.ofSeconds(60);
  /** JOSDK's standby retries to acquire every 2 s; some slack for a busy machine. */
  static final Duration RETRY_AND_SLACK = Duration.ofSeconds(10);

  @Test
  void standbyTakesTheLeaseWithinItsDurationAfterTheLeaderIsKilledAndReconciles() throws IOException {
    try (KubernetesStandIn kubernetes = KubernetesStandIn.start()) {
      kubernetes.applyCrds(Path.of("../crds"));
      KubernetesClient user = kubernetes.client();
      Path dir = Path.of("target", "e2e-takeover");
      Path kubeconfig = kubernetes.writeKubeconfig(dir.resolve("kubeconfig").toAbsolutePath());
      try (OperatorProcess first = replica(kubeconfig, dir, "keyrotation-operator-7d9f-a");
           OperatorProcess second = replica(kubeconfig, dir, "keyrotation-operator-7d9f-b")) {
        Lease held = await().atMost(PATIENCE).until(() -> lease(user), l -> l != null && l.getSpec().getHolderIdentity() != null);
        OperatorProcess leader = held.getSpec().getHolderIdentity().endsWith("-a") ? first : second;
        String standbyIdentity = leader == first ? "keyrotation-operator-7d9f-b" : "keyrotation-operator-7d9f-a";
        await().atMost(PATIENCE).until(() -> first.isReady() && second.isReady());

        leader.killAbruptly();

        Duration leaseDuration = Duration.ofSeconds(held.getSpec().getLeaseDurationSeconds());
        Lease taken = await().atMost(leaseDuration.plus(RETRY_AND_SLACK))
            .until(() -> lease(user), l -> standbyIdentity.equals(l.getSpec().getHolderIdentity()));
        assertThat(taken.getSpec().getLeaseTransitions()).isGreaterThan(held.getSpec().getLeaseTransitions() == null
            ? 0 : held.getSpec().getLeaseTransitions());

        List<HasMetadata> applied = apply(user, Path.of("../examples/00-namespace-and-secrets.yaml"),
            Path.of("../examples/tdekeypolicy.yaml"));
        HasMetadata policy = applied.get(applied.size() - 1);
        GenericKubernetesResource reconciled = await().atMost(PATIENCE).until(() -> user
            .genericKubernetesResources(policy.getApiVersion(), policy.getKind())
            .inNamespace(policy.getMetadata().getNamespace()).withName(policy.getMetadata().getName()).get(),
            r -> ReadyCondition.of(r) != null);
        assertThat(ReadyCondition.of(reconciled).getStatus()).isNotBlank();
        assertThat(leader.isAlive()).isFalse();
      }
    }
  }

  private static OperatorProcess replica(Path kubeconfig, Path dir, String podName) {
    return OperatorProcess.start(kubeconfig, dir.resolve(podName + ".log"), Map.of(
        "POD_NAMESPACE", NAMESPACE, "KEYROTATION_LEADER_ELECTION", "true", "HOSTNAME", podName));
  }

  private static Lease lease(KubernetesClient user) {
    return user.leases().inNamespace(NAMESPACE).withName(LEASE).get();
  }

  static List<HasMetadata> apply(KubernetesClient user, Path... files) throws IOException {
    List<HasMetadata> all = new java.util.ArrayList<>();
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        user.load(in).items().forEach(o -> all.add(user.resource(o).createOr(existing -> existing.update())));
      }
    }
    return all;
  }
}

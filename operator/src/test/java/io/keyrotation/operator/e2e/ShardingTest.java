package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A shard (its own Deployment) reconciles only the resources its label selector matches, under its own Lease. */
class ShardingTest {
  static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void aShardReconcilesOnlyItsLabelledResourcesUnderItsOwnLease() throws IOException {
    try (KubernetesStandIn kubernetes = KubernetesStandIn.start()) {
      kubernetes.applyCrds(Path.of("../crds"));
      KubernetesClient user = kubernetes.client();
      Path dir = Path.of("target", "e2e-sharding");
      Path kubeconfig = kubernetes.writeKubeconfig(dir.resolve("kubeconfig").toAbsolutePath());
      List<HasMetadata> applied = LeaderTakeoverTest.apply(user, Path.of("../examples/00-namespace-and-secrets.yaml"),
          Path.of("../examples/tdekeypolicy.yaml"));
      HasMetadata example = applied.get(applied.size() - 1);
      GenericKubernetesResource inShard = labelledCopy(user, example, "sales-shard-a", "a");
      GenericKubernetesResource otherShard = labelledCopy(user, example, "sales-shard-b", "b");

      try (OperatorProcess shardA = OperatorProcess.start(kubeconfig, dir.resolve("shard-a.log"), Map.of(
          "POD_NAMESPACE", "keyrotation-system", "HOSTNAME", "shard-a-0",
          "KEYROTATION_LABEL_SELECTOR", "keyrotation.io/shard=a",
          "KEYROTATION_LEADER_ELECTION_LEASE_NAME", "keyrotation-operator-shard-a"))) {
        await().atMost(PATIENCE).until(() -> ReadyCondition.of(get(user, inShard)) != null);
        Lease lease = user.leases().inNamespace("keyrotation-system").withName("keyrotation-operator-shard-a").get();

        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("shard-a-0");
        assertThat(user.leases().inNamespace("keyrotation-system").withName("keyrotation-operator-leader").get()).isNull();
        // Both existed before the shard started, so its first list already left the other shard's resource out.
        assertThat(ReadyCondition.of(get(user, otherShard))).isNull();
        assertThat(ReadyCondition.of(get(user, example))).as("an unlabelled resource belongs to no shard").isNull();
        assertThat(shardA.isAlive()).isTrue();
      }
    }
  }

  private static GenericKubernetesResource labelledCopy(KubernetesClient user, HasMetadata example, String name, String shard) {
    GenericKubernetesResource copy = user.genericKubernetesResources(example.getApiVersion(), example.getKind())
        .inNamespace(example.getMetadata().getNamespace()).withName(example.getMetadata().getName()).get();
    copy.getMetadata().setName(name);
    copy.getMetadata().setResourceVersion(null);
    copy.getMetadata().setUid(null);
    copy.getMetadata().setCreationTimestamp(null);
    copy.getMetadata().setLabels(Map.of("keyrotation.io/shard", shard));
    return user.resource(copy).create();
  }

  private static GenericKubernetesResource get(KubernetesClient user, HasMetadata resource) {
    return user.genericKubernetesResources(resource.getApiVersion(), resource.getKind())
        .inNamespace(resource.getMetadata().getNamespace()).withName(resource.getMetadata().getName()).get();
  }
}

package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A pod is stopped with SIGTERM: the leading operator must end by itself, not wait for SIGKILL. */
class OperatorShutdownTest {

  @Test
  void leaderEndsOnSigterm() {
    try (KubernetesStandIn kubernetes = KubernetesStandIn.start()) {
      kubernetes.applyCrds(Path.of("../crds"));
      Path dir = Path.of("target", "e2e-shutdown");
      Path kubeconfig = kubernetes.writeKubeconfig(dir.resolve("kubeconfig").toAbsolutePath());
      try (OperatorProcess operator = OperatorProcess.start(kubeconfig, dir.resolve("operator.log"),
          Map.of("POD_NAMESPACE", "keyrotation-system", "KEYROTATION_LEADER_ELECTION", "true"))) {
        await().atMost(Duration.ofSeconds(60)).until(operator::isReady);
        await().atMost(Duration.ofSeconds(60)).until(() ->
            kubernetes.client().leases().inNamespace("keyrotation-system").withName("keyrotation-operator-leader").get() != null);

        OptionalInt exit = operator.terminate(Duration.ofSeconds(30));

        assertThat(exit).as("exit code after SIGTERM (none: still running)").isPresent();
        assertThat(exit.getAsInt()).as("128 + SIGTERM, the JVM's exit after its shutdown hooks").isEqualTo(143);
      }
    }
  }
}

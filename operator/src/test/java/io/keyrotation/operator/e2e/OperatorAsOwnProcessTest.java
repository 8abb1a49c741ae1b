package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.config.OperatorConfig;
import io.keyrotation.operator.testing.Scrape;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator started as its own process against the Kubernetes API stand-in's kubeconfig, with leader election on,
 * exactly as deployed; the manifests of examples/ applied as a user applies them.
 */
class OperatorAsOwnProcessTest {
  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final String OPERATOR_NAMESPACE = "keyrotation-system";

  static KubernetesStandIn kubernetes;
  static OperatorProcess operator;
  static List<HasMetadata> examples;

  @BeforeAll
  static void start() {
    kubernetes = KubernetesStandIn.start();
    kubernetes.applyCrds(Path.of("../crds"));
    Path dir = Path.of("target", "e2e-own-process");
    Path kubeconfig = kubernetes.writeKubeconfig(dir.resolve("kubeconfig").toAbsolutePath());
    operator = OperatorProcess.start(kubeconfig, dir.resolve("operator.log"),
        Map.of("POD_NAMESPACE", OPERATOR_NAMESPACE, "KEYROTATION_LEADER_ELECTION", "true"));
    examples = applyAll(Path.of("../examples"));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (kubernetes != null) {
      kubernetes.close();
    }
  }

  @Test
  void writesStatusForEveryExample() {
    List<HasMetadata> customResources = examples.stream()
        .filter(o -> o.getApiVersion().startsWith("keyrotation.io/")).toList();
    assertThat(customResources).hasSize(3);
    for (HasMetadata example : customResources) {
      GenericKubernetesResource stored = await().atMost(PATIENCE)
          .until(() -> get(example), r -> ready(r) != null);
      Condition ready = ready(stored);
      if (example.getKind().equals("TdeKeyPolicy")) {
        // The example's SQL Server does not exist here: the workflow runs and reports what it could not reach.
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isIn("Unavailable", "NotFound");
      } else if (example.getKind().equals("VaultBackupSchedule")) {
        // It waits for its first scheduled run.
        assertThat(ready.getReason()).isEqualTo("AwaitingFirstRun");
      } else {
        // The example names no Azure identity that exists here: the secret rotation runs and says it cannot sign in.
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).as("%s/%s", example.getKind(), example.getMetadata().getName())
            .isIn("Unauthenticated", "Unavailable");
      }
      assertThat(observedGeneration(stored)).isEqualTo(stored.getMetadata().getGeneration());
    }
  }

  @Test
  void servesMetricsWithTheReadyConditionOfEveryExample() {
    for (HasMetadata example : examples.stream().filter(o -> o.getApiVersion().startsWith("keyrotation.io/")).toList()) {
      await().atMost(PATIENCE).until(() -> get(example), r -> ready(r) != null);
    }
    await().atMost(PATIENCE).untilAsserted(() -> {
      Scrape scrape = Scrape.parse(operator.metrics());
      assertThat(scrape.named("keyrotation_resource_condition")).filteredOn(s -> "Ready".equals(s.labels().get("condition"))
          && s.value() == 1.0).extracting(s -> s.labels().get("kind") + "/" + s.labels().get("name"))
          .contains("TdeKeyPolicy/sales-db", "VaultBackupSchedule/tde-keys-nightly", "ServicePrincipalRotation/ekm-connector");
      assertThat(scrape.names()).anyMatch(n -> n.startsWith("operator_sdk_reconciliations_started"));
    });
  }

  @Test
  void reportsASchemaValidButImpossibleSpecAsInvalidSpec() {
    HasMetadata invalid = applyAll(Path.of("../demo/invalid/vaultbackupschedule-standby-in-other-geography.yaml"))
        .get(0);

    GenericKubernetesResource stored = await().atMost(PATIENCE).until(() -> get(invalid), r -> ready(r) != null);

    assertThat(ready(stored).getStatus()).isEqualTo("False");
    assertThat(ready(stored).getReason()).isEqualTo("InvalidSpec");
    assertThat(ready(stored).getMessage()).contains("spec.standbyVaults[0].region");
  }

  @Test
  void holdsTheLeaderLeaseAndReportsReady() {
    await().atMost(PATIENCE).until(operator::isReady);
    Lease lease = await().atMost(PATIENCE).until(() -> user().leases().inNamespace(OPERATOR_NAMESPACE)
        .withName(OperatorConfig.LEASE_NAME).get(), l -> l != null && l.getSpec().getHolderIdentity() != null);
    assertThat(lease.getSpec().getLeaseDurationSeconds()).isPositive();
    assertThat(operator.isAlive()).isTrue();
  }

  @Test
  void neverLogsTheSecretsTheExamplesHold() {
    await().atMost(PATIENCE).until(() -> examples.stream()
        .filter(o -> o.getApiVersion().startsWith("keyrotation.io/")).allMatch(o -> ready(get(o)) != null));

    assertThat(operator.log()).doesNotContain("change-me");
  }

  private static KubernetesClient user() {
    return kubernetes.client();
  }

  private static List<HasMetadata> applyAll(Path fileOrDir) {
    try (Stream<Path> files = Files.isDirectory(fileOrDir) ? Files.list(fileOrDir) : Stream.of(fileOrDir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().flatMap(OperatorAsOwnProcessTest::load)
          .map(o -> user().resource(o).createOr(existing -> existing.update())).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Stream<HasMetadata> load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return user().load(in).items().stream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GenericKubernetesResource get(HasMetadata example) {
    return user().genericKubernetesResources(example.getApiVersion(), example.getKind())
        .inNamespace(example.getMetadata().getNamespace()).withName(example.getMetadata().getName()).get();
  }

  @SuppressWarnings("unchecked")
  private static Condition ready(GenericKubernetesResource resource) {
    if (resource == null || !(resource.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return null;
    }
    Object conditions = status.get("conditions");
    if (!(conditions instanceof List<?> list)) {
      return null;
    }
    return list.stream().map(c -> Serialization.jsonMapper().convertValue(c, Condition.class))
        .filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
  }

  private static Long observedGeneration(GenericKubernetesResource resource) {
    Object status = resource.getAdditionalProperties().get("status");
    Object value = ((Map<?, ?>) status).get("observedGeneration");
    return value == null ? null : ((Number) value).longValue();
  }
}

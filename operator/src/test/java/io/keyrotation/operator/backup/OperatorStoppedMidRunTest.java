package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.keyrotation.operator.KeyRotationOperator;
import io.keyrotation.operator.api.backup.BackupRunStep;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.RunResult;
import io.keyrotation.operator.config.OperatorConfig;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An operator stopped in the middle of a run, and another one started against the same cluster:
 * the run continues from its step in status and ends with every key archived exactly once.
 */
class OperatorStoppedMidRunTest {
  private static final String NS = "backups";
  private static final int KEYS = 40;

  @Test
  void aNewOperatorResumesTheRunFromStatusWithoutDuplicateArchives() {
    try (BackupStandIns standIns = new BackupStandIns(); KubernetesStandIn kubernetes = KubernetesStandIn.start()) {
      kubernetes.applyCrds(Path.of("../crds"));
      KeyVaultStandIn source = standIns.startVault("kv-weu-stop", "westeurope");
      for (int i = 0; i < KEYS; i++) {
        source.createKey(String.format("tde-%02d", i), false, 2048, Map.of());
      }
      source.faults().latency(Duration.ofMillis(40));
      URI container = standIns.newContainer();
      Map<String, String> env = Map.of(
          "POD_NAMESPACE", "keyrotation-system", "KEYROTATION_HTTP_PORT", "0",
          "AZURE_AUTHORITY_HOST", standIns.aad.authorityHost().toString(),
          "KEYROTATION_EXTRA_CA_FILE", standIns.caFile.toString(),
          "KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "true",
          "KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY", "true");
      KubernetesClient user = kubernetes.client();
      user.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
      user.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("backup-operator").endMetadata()
          .withStringData(Map.of("tenantId", BackupStandIns.TENANT, "clientId", BackupStandIns.OPERATOR_APP,
              "clientSecret", standIns.operatorSecret)).build()).create();

      RunningOperator first = start(kubernetes, env);
      user.resource(schedule(source, container)).create();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
        var run = get(user).getStatus() == null ? null : get(user).getStatus().activeRun();
        return run != null && run.step() == BackupRunStep.Archive && run.keysDone() != null && run.keysDone() > 0;
      });
      first.stop();
      var stoppedAt = get(user).getStatus().activeRun();
      assertThat(stoppedAt.scheduledTime()).as("a run is in progress in status").isNotNull();
      assertThat(get(user).getStatus().lastRun()).isNull();

      RunningOperator second = start(kubernetes, env);
      try {
        VaultBackupSchedule done = await().atMost(Duration.ofSeconds(120)).until(() -> get(user),
            s -> s.getStatus() != null && s.getStatus().lastRun() != null);
        assertThat(done.getStatus().lastRun().result()).isEqualTo(RunResult.Succeeded);
        assertThat(done.getStatus().lastRun().scheduledTime()).isEqualTo(stoppedAt.scheduledTime());
        assertThat(done.getStatus().lastRun().keysBackedUp()).isEqualTo(KEYS);
        assertThat(standIns.userClient(container).listBlobs().stream().count()).isEqualTo(KEYS);
      } finally {
        second.stop();
      }
    }
  }

  /** An operator process, as far as this test is concerned: stopping it also closes its client. */
  private record RunningOperator(Operator operator, KubernetesClient client) {
    void stop() {
      try {
        operator.stop();
      } finally {
        client.close();
      }
    }
  }

  private static RunningOperator start(KubernetesStandIn kubernetes, Map<String, String> env) {
    KubernetesClient client = new KubernetesClientBuilder().withConfig(kubernetes.config()).build();
    Operator operator = KeyRotationOperator.create(client, OperatorConfig.fromEnvironment(env), Clock.systemUTC(), () -> { });
    operator.start();
    return new RunningOperator(operator, client);
  }

  private static VaultBackupSchedule get(KubernetesClient user) {
    return user.resources(VaultBackupSchedule.class).inNamespace(NS).withName("resumed").get();
  }

  private static VaultBackupSchedule schedule(KeyVaultStandIn source, URI container) {
    return Serialization.unmarshal("""
        apiVersion: keyrotation.io/v1alpha1
        kind: VaultBackupSchedule
        metadata:
          name: resumed
          namespace: %s
          annotations: {keyrotation.io/backup-now: "stop-me"}
        spec:
          schedule: "0 3 1 1 *"
          source:
            vault: {url: "%s", region: westeurope, subscriptionId: %s}
          archive:
            blob: {containerUrl: "%s"}
          azureCredentials:
            type: ClientSecret
            secretRef: {name: backup-operator}
        """.formatted(NS, source.vaultUrl(), BackupStandIns.SUBSCRIPTION, container), VaultBackupSchedule.class);
  }
}

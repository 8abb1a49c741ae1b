package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.testing.OperatorHarness;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code keyrotation.io/backup-now} set on a schedule that already exists (as {@code kubectl keyrotation backup-now}
 * does) changes no generation; the running operator still starts a run at once, not at its next wake-up.
 */
class BackupNowOnExistingScheduleTest {
  private static final String NS = "backups";
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void aBackupNowAnnotationOnAnIdleScheduleStartsARun() {
    try (BackupStandIns standIns = new BackupStandIns(); OperatorHarness harness = OperatorHarness.start(Map.of(
        "AZURE_AUTHORITY_HOST", standIns.aad.authorityHost().toString(),
        "KEYROTATION_EXTRA_CA_FILE", standIns.caFile.toString(),
        "KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "true",
        "KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY", "true"))) {
      KeyVaultStandIn source = standIns.startVault("kv-weu-now", "westeurope");
      source.createKey("tde-a", false, 2048, Map.of());
      URI container = standIns.newContainer();
      var user = harness.user();
      user.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
      user.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("backup-operator").endMetadata()
          .withStringData(Map.of("tenantId", BackupStandIns.TENANT, "clientId", BackupStandIns.OPERATOR_APP,
              "clientSecret", standIns.operatorSecret)).build()).create();
      user.resource(schedule(source, container)).create();
      VaultBackupSchedule idle = await().atMost(PATIENCE).until(() -> get(harness),
          s -> s.getStatus() != null && s.getStatus().nextScheduleTime() != null);
      assertThat(idle.getStatus().lastRun()).as("the schedule's first time is next January").isNull();

      user.resources(VaultBackupSchedule.class).inNamespace(NS).withName("monthly").edit(s -> {
        Map<String, String> annotations = new HashMap<>(s.getMetadata().getAnnotations() == null ? Map.of()
            : s.getMetadata().getAnnotations());
        annotations.put(VaultBackupScheduleReconciler.BACKUP_NOW, "2026-12-01T05:50:00Z");
        s.getMetadata().setAnnotations(annotations);
        return s;
      });

      VaultBackupSchedule done = await().atMost(PATIENCE).until(() -> get(harness),
          s -> s.getStatus().lastRun() != null && s.getStatus().activeRun() == null);
      assertThat(done.getStatus().lastRun().trigger()).isEqualTo("manual:2026-12-01T05:50:00Z");
      assertThat(standIns.userClient(container).listBlobs().stream().count()).isEqualTo(1);
    }
  }

  private static VaultBackupSchedule get(OperatorHarness harness) {
    return harness.user().resources(VaultBackupSchedule.class).inNamespace(NS).withName("monthly").get();
  }

  private static VaultBackupSchedule schedule(KeyVaultStandIn source, URI container) {
    return Serialization.unmarshal("""
        apiVersion: keyrotation.io/v1alpha1
        kind: VaultBackupSchedule
        metadata:
          name: monthly
          namespace: %s
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

package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.RunResult;
import io.keyrotation.operator.testing.OperatorHarness;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.kubernetes.ApiFaults;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every status write of a backup run answered 409 once (as when another writer got there first), the one that
 * completes the run included: the completion step runs again, and the run's BackupSucceeded Event is still recorded
 * exactly once.
 */
class BackupCompletionConflictTest {
  static final String NS = "backups";
  static final String NAME = "conflicted";
  static final Duration PATIENCE = Duration.ofSeconds(120);

  @Test
  void aRunWhoseCompletingStatusWriteConflictsRecordsBackupSucceededOnce() throws InterruptedException {
    try (BackupStandIns standIns = new BackupStandIns()) {
      KeyVaultStandIn source = standIns.startVault("kv-weu-409", "westeurope");
      source.createKey("tde-sales", false, 2048, Map.of());
      source.createKey("tde-hr", false, 2048, Map.of());
      URI container = standIns.newContainer();
      try (OperatorHarness harness = OperatorHarness.start(Map.of(
          "AZURE_AUTHORITY_HOST", standIns.aad.authorityHost().toString(),
          "KEYROTATION_EXTRA_CA_FILE", standIns.caFile.toString(),
          "KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "true",
          "KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY", "true"))) {
        harness.user().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        harness.user().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("backup-operator").endMetadata()
            .withStringData(Map.of("tenantId", BackupStandIns.TENANT, "clientId", BackupStandIns.OPERATOR_APP,
                "clientSecret", standIns.operatorSecret)).build()).create();
        ApiFaults faults = harness.kubernetes().faults();
        // the first status write (the run recorded) already conflicts
        faults.conflictOnNextStatusWrites("vaultbackupschedules", NS, NAME, 1);
        harness.user().resource(schedule(source, container)).create();

        int armed = 1;
        String armedAt = null;
        Instant deadline = Instant.now().plus(PATIENCE);
        VaultBackupSchedule seen = get(harness);
        while (!completed(seen) && Instant.now().isBefore(deadline)) {
          String version = seen.getMetadata().getResourceVersion();
          if (faults.injected() == armed && !version.equals(armedAt)) {
            // after each write that landed, the next one conflicts: the completing write is lost once, its retry lands
            faults.conflictOnNextStatusWrites("vaultbackupschedules", NS, NAME, 1);
            armed++;
            armedAt = version;
          }
          Thread.sleep(20);
          seen = get(harness);
        }
        int injected = faults.injected();
        faults.clear();

        assertThat(completed(seen)).as("the run completed; status %s", seen.getStatus()).isTrue();
        assertThat(seen.getStatus().lastRun().result()).isEqualTo(RunResult.Succeeded);
        assertThat(injected).as("status writes answered 409, the completing one included").isGreaterThanOrEqualTo(4);
        assertThat(events(harness)).filteredOn(e -> "BackupSucceeded".equals(e.getReason())).singleElement()
            .satisfies(e -> assertThat(e.getMessage()).contains("2 backed up"));
      }
    }
  }

  private static boolean completed(VaultBackupSchedule schedule) {
    return schedule != null && schedule.getStatus() != null && schedule.getStatus().lastRun() != null;
  }

  private static VaultBackupSchedule get(OperatorHarness harness) {
    return harness.user().resources(VaultBackupSchedule.class).inNamespace(NS).withName(NAME).get();
  }

  private static List<Event> events(OperatorHarness harness) {
    return harness.user().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> NAME.equals(e.getInvolvedObject().getName())).toList();
  }

  private static VaultBackupSchedule schedule(KeyVaultStandIn source, URI container) {
    return Serialization.unmarshal("""
        apiVersion: keyrotation.io/v1alpha1
        kind: VaultBackupSchedule
        metadata:
          name: %s
          namespace: %s
          annotations:
            keyrotation.io/backup-now: "under-conflicts"
        spec:
          schedule: "0 3 1 1 *"
          source:
            vault: {url: "%s", region: westeurope, subscriptionId: %s}
            keys: {namePrefix: tde-}
          archive:
            blob: {containerUrl: "%s", prefix: conflicted}
          azureCredentials:
            type: ClientSecret
            secretRef: {name: backup-operator}
        """.formatted(NAME, NS, source.vaultUrl(), BackupStandIns.SUBSCRIPTION, container), VaultBackupSchedule.class);
  }
}

package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.RunResult;
import io.keyrotation.operator.testing.OperatorHarness;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator as deployed, against the Kubernetes API stand-in, Key Vault stand-ins in Europe and
 * the United States, and Azurite: a user applies a VaultBackupSchedule and reads its status.
 */
class VaultBackupScheduleEndToEndTest {
  private static final String NS = "backups";
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static BackupStandIns standIns;
  private static OperatorHarness harness;
  private static KeyVaultStandIn source;
  private static KeyVaultStandIn standby;
  private static KeyVaultStandIn us;
  private static URI container;

  @BeforeAll
  static void start() {
    standIns = new BackupStandIns();
    source = standIns.startVault("kv-weu-e2e", "westeurope");
    standby = standIns.startVault("kv-neu-e2e", "northeurope");
    us = standIns.startVault("kv-eus-e2e", "eastus");
    source.createKey("tde-sales", false, 2048, Map.of());
    source.createKey("tde-hr", false, 2048, Map.of());
    container = standIns.newContainer();
    harness = OperatorHarness.start(Map.of(
        "AZURE_AUTHORITY_HOST", standIns.aad.authorityHost().toString(),
        "KEYROTATION_EXTRA_CA_FILE", standIns.caFile.toString(),
        "KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "true",
        "KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY", "true"));
    harness.user().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    harness.user().secrets().inNamespace(NS).resource(new SecretBuilder()
        .withNewMetadata().withName("backup-operator").endMetadata()
        .withStringData(Map.of("tenantId", BackupStandIns.TENANT, "clientId", BackupStandIns.OPERATOR_APP,
            "clientSecret", standIns.operatorSecret))
        .build()).create();
  }

  @org.junit.jupiter.api.AfterEach
  void keySafetyHolds() {
    standIns.invariants(harness.user()).assertHold();
  }

  @AfterAll
  static void stop() {
    try {
      harness.close();
    } finally {
      standIns.close();
    }
  }

  private static VaultBackupSchedule schedule(String name, KeyVaultStandIn standbyVault, String region, String backupNow) {
    return schedule(name, standbyVault, region, backupNow, "");
  }

  /** {@code moreSpec}: further spec fields, each line indented by two spaces. */
  private static VaultBackupSchedule schedule(String name, KeyVaultStandIn standbyVault, String region, String backupNow,
                                              String moreSpec) {
    String yaml = """
        apiVersion: keyrotation.io/v1alpha1
        kind: VaultBackupSchedule
        metadata:
          name: %s
          namespace: %s
          annotations:
            keyrotation.io/backup-now: "%s"
        spec:
          schedule: "0 3 1 1 *"
          source:
            vault: {url: "%s", region: westeurope, subscriptionId: %s}
            keys: {namePrefix: tde-}
          archive:
            blob: {containerUrl: "%s", prefix: "%s"}
          standbyVaults:
            - {url: "%s", region: %s, subscriptionId: %s}
        %s  azureCredentials:
            type: ClientSecret
            secretRef: {name: backup-operator}
        """.formatted(name, NS, backupNow, source.vaultUrl(), BackupStandIns.SUBSCRIPTION, container, name, standbyVault.vaultUrl(), region,
            BackupStandIns.SUBSCRIPTION, moreSpec);
    return Serialization.unmarshal(yaml, VaultBackupSchedule.class);
  }

  private static VaultBackupSchedule get(String name) {
    return harness.user().resources(VaultBackupSchedule.class).inNamespace(NS).withName(name).get();
  }

  private static Condition ready(VaultBackupSchedule s) {
    return s.getStatus().conditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
  }

  @Test
  void aManualTriggerArchivesTheKeysRestoresThemIntoTheStandbyAndReportsIt() {
    harness.user().resource(schedule("nightly", standby, "northeurope", "first")).create();

    VaultBackupSchedule done = await().atMost(PATIENCE).until(() -> get("nightly"),
        s -> s.getStatus() != null && s.getStatus().lastRun() != null);

    assertThat(done.getStatus().lastRun().result()).isEqualTo(RunResult.Succeeded);
    assertThat(done.getStatus().lastRun().keysBackedUp()).isEqualTo(2);
    assertThat(done.getStatus().lastRun().keysRestored() + done.getStatus().lastRun().keysInSync()).isEqualTo(2);
    assertThat(done.getStatus().lastManualTrigger()).isEqualTo("first");
    assertThat(done.getStatus().lastSuccessfulTime()).isNotNull();
    assertThat(done.getStatus().activeRun() == null || done.getStatus().activeRun().scheduledTime() == null)
        .as("no run active").isTrue();
    assertThat(done.getStatus().standbyReadiness()).hasSize(2).allSatisfy(r -> assertThat(r.presentInStandby()).isTrue());
    assertThat(ready(done).getStatus()).isEqualTo("True");
    assertThat(standby.keyNames()).containsExactlyInAnyOrder("tde-sales", "tde-hr");
    assertThat(standIns.userClient(container).listBlobs().stream().map(b -> b.getName()).filter(n -> n.startsWith("nightly/")).toList())
        .hasSize(2).allSatisfy(n -> assertThat(n).endsWith(".keybackup"));
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventsAbout("nightly"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("BackupSucceeded")));
    assertThat(Serialization.asJson(done.getStatus())).doesNotContain(standIns.operatorSecret);
  }

  @Test
  void aStandbyInAnotherGeographyIsRefusedBeforeAnyCall() {
    us.clearRequests();

    harness.user().resource(schedule("crosses-the-atlantic", us, "eastus", "go")).create();
    VaultBackupSchedule refused = await().atMost(PATIENCE).until(() -> get("crosses-the-atlantic"),
        s -> s.getStatus() != null && !s.getStatus().conditions().isEmpty());

    assertThat(ready(refused).getReason()).isEqualTo("InvalidSpec");
    assertThat(ready(refused).getMessage()).contains("spec.standbyVaults[0].region").contains("UnitedStates");
    assertThat(refused.getStatus().activeRun()).as("no run started").isNull();
    assertThat(refused.getStatus().lastRun()).isNull();
    assertThat(us.requests()).isEmpty();
  }

  @Test
  void aRestoreDrillOnItsScheduleRestoresAKeyIntoTheScratchVaultChecksItAndPurgesIt() {
    KeyVaultStandIn scratch = standIns.startVault("kv-weu-e2e-scratch", "westeurope");
    scratch.grant(BackupStandIns.OPERATOR_APP, io.keyrotation.sandbox.keyvault.KeyPermission.DELETE,
        io.keyrotation.sandbox.keyvault.KeyPermission.PURGE);
    harness.user().resource(schedule("drilled", standby, "northeurope", "drill-first",
        "  drill:\n    schedule: \"* * * * *\"\n    vault: {url: \"" + scratch.vaultUrl() + "\", region: westeurope, subscriptionId: "
            + BackupStandIns.SUBSCRIPTION + "}\n")).create();

    VaultBackupSchedule drilled = await().atMost(Duration.ofSeconds(150)).until(() -> get("drilled"),
        s -> s.getStatus() != null && s.getStatus().drills() != null && !s.getStatus().drills().isEmpty());

    assertThat(drilled.getStatus().drills()).singleElement().satisfies(d -> {
      assertThat(d.result()).isEqualTo(io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.DrillOutcome.Passed);
      assertThat(d.archive()).endsWith(".keybackup");
    });
    assertThat(scratch.keyNames()).isEmpty();
    assertThat(scratch.isSoftDeleted(drilled.getStatus().drills().get(0).key())).isFalse();
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(eventsAbout("drilled"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("DrillPassed")));
  }

  @Test
  void aBackupNowAnnotationOnAnExistingScheduleRunsOnceMoreWithoutWaitingForItsSchedule() {
    harness.user().resource(schedule("on-demand", standby, "northeurope", "one")).create();
    await().atMost(PATIENCE).until(() -> get("on-demand"), s -> s.getStatus() != null && s.getStatus().lastRun() != null);

    harness.user().resources(VaultBackupSchedule.class).inNamespace(NS).withName("on-demand").edit(s -> {
      s.getMetadata().getAnnotations().put(VaultBackupScheduleReconciler.BACKUP_NOW, "two");
      return s;
    });

    VaultBackupSchedule again = await().atMost(PATIENCE).until(() -> get("on-demand"),
        s -> s.getStatus().lastRun() != null && "manual:two".equals(s.getStatus().lastRun().trigger()));
    assertThat(again.getStatus().lastManualTrigger()).isEqualTo("two");
    assertThat(again.getStatus().lastRun().keysUnchanged()).isEqualTo(2);
  }

  private static List<Event> eventsAbout(String name) {
    return harness.user().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }
}

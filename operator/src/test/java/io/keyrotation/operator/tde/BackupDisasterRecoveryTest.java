package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.RunResult;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.StandbyReadiness;
import io.keyrotation.operator.api.common.VaultRef;
import io.keyrotation.operator.api.tde.EkmCredentialSpec;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.sandbox.blob.AzuriteBlobService;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the archive is for, through the operator as deployed: VaultBackupSchedules archive the TDE key
 * into Blob Storage (Azurite); standby readiness follows the keys the TdeKeyPolicy uses; when the key is
 * purged in its vault, a backup-now run restores it from its archive into a fresh vault of the same
 * geography, the policy fails over to that vault, and SQL Server's databases come back online.
 */
class BackupDisasterRecoveryTest {
  static final int MAX = 20;
  static final Duration PATIENCE = Duration.ofSeconds(90);

  @Test
  void aPurgedKeyIsRestoredByABackupNowRunIntoAFreshVaultAndTheDatabasesComeBackAfterFailover() throws Exception {
    try (TdeSandbox sandbox = new TdeSandbox(1);
         AzuriteBlobService azurite = AzuriteBlobService.start(sandbox.keyVault.tls(), Files.createTempDirectory("disaster"))) {
      KeyVaultStandIn primary = sandbox.keyVault.primary();
      KeyVaultStandIn fresh = sandbox.keyVault.standby();
      ReconcileDriver driver = new ReconcileDriver(sandbox, sandbox.policy("disaster"));
      driver.reconcile();
      driver.reconcile();
      assertThat(TdeRotationEndToEndTest.ready(driver.policy, "True")).isTrue();
      URI container = container(sandbox, azurite, "dr-archive");
      sandbox.harness.user().resource(schedule(primary, container, "dr", Optional.empty(), "before", false)).create();
      VaultBackupSchedule archived = awaitRun(sandbox, "dr", "before");
      assertThat(archived.getStatus().lastRun().result()).isEqualTo(RunResult.Succeeded);
      assertThat(archived.getStatus().lastRun().keysBackedUp()).isEqualTo(1);

      primary.softDelete(KeyVaultDemo.FIRST_KEY);
      primary.purge(KeyVaultDemo.FIRST_KEY);
      assertThat(primary.keyNames()).doesNotContain(KeyVaultDemo.FIRST_KEY);
      sandbox.sql.get(0).instance().restart();
      for (String database : SqlServerDemo.DATABASES) {
        assertThat(sandbox.sql.get(0).instance().databaseState(database)).as("with its key lost").isNotEqualTo("ONLINE");
      }

      // As Microsoft's procedure for a lost key says: a fresh vault in the same geography; the user names it as a
      // standby and asks for a run now.
      VaultBackupSchedule withStandby = schedule(primary, container, "dr", Optional.of(fresh), "after-disaster", false);
      sandbox.harness.user().resources(VaultBackupSchedule.class).inNamespace(TdeSandbox.NS).withName("dr").edit(s -> {
        s.setSpec(withStandby.getSpec());
        s.getMetadata().setAnnotations(withStandby.getMetadata().getAnnotations());
        return s;
      });
      VaultBackupSchedule restored = awaitRun(sandbox, "dr", "after-disaster");

      var run = restored.getStatus().lastRun();
      assertThat(run.result()).isEqualTo(RunResult.PartiallyFailed);
      assertThat(run.keysMissingAtSource()).isEqualTo(1);
      assertThat(run.keysRestored()).isEqualTo(1);
      assertThat(run.problems()).singleElement().satisfies(p -> assertThat(p.reason()).isEqualTo("MissingAtSource"));
      assertThat(fresh.keyNames()).containsExactly(KeyVaultDemo.FIRST_KEY);
      assertThat(primary.keyNames()).as("nothing is written to the source").doesNotContain(KeyVaultDemo.FIRST_KEY);
      await().atMost(PATIENCE).untilAsserted(() -> assertThat(sandbox.events("dr")).extracting(Event::getReason)
          .contains("KeysMissingAtSource", "BackupPartiallyFailed"));

      fresh.grant(KeyVaultDemo.EKM_CLIENT_ID, KeyPermission.GET, KeyPermission.LIST, KeyPermission.WRAP_KEY,
          KeyPermission.UNWRAP_KEY);
      String freshUrl = fresh.vaultUrl().toString().replaceAll("/$", "");
      TdeKeyPolicySpec spec = driver.policy.getSpec();
      driver.policy.setSpec(new TdeKeyPolicySpec(new VaultRef(freshUrl, "northeurope", null), spec.key(), spec.rotation(),
          spec.sqlServer(), new EkmCredentialSpec(fresh.name(), spec.ekmCredential().servicePrincipalSecretRef()),
          spec.azureCredentials(), spec.suspend()));
      driver.policy.getMetadata().setGeneration(2L);

      driver.reconcileUntil(p -> TdeRotationEndToEndTest.condition(p, TdeConditions.RESTART_PENDING) != null, MAX);
      sandbox.sql.get(0).instance().restart();
      driver.clock.advance(Duration.ofMinutes(2));
      TdeKeyPolicy done = driver.reconcileUntil(p -> p.getStatus().vaultFailover() == null, MAX);

      assertThat(done.getStatus().vaultUrl()).isEqualTo(freshUrl);
      for (String database : SqlServerDemo.DATABASES) {
        assertThat(sandbox.sql.get(0).instance().databaseState(database)).isEqualTo("ONLINE");
      }
      sandbox.invariants().assertHold();
    }
  }

  @Test
  void standbyReadinessFollowsTheKeysThePolicyUsesWhenItRotatesWithoutWaitingForARun() throws Exception {
    try (TdeSandbox sandbox = new TdeSandbox(1);
         AzuriteBlobService azurite = AzuriteBlobService.start(sandbox.keyVault.tls(), Files.createTempDirectory("readiness"))) {
      KeyVaultStandIn standby = sandbox.keyVault.standby();
      standby.grant(KeyVaultDemo.EKM_CLIENT_ID, KeyPermission.GET, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY);
      sandbox.apply(sandbox.policy("sales"));
      await().atMost(PATIENCE).until(() -> sandbox.get("sales"),
          p -> p.getStatus() != null && TdeRotationEndToEndTest.ready(p, "True"));
      sandbox.harness.user().resource(schedule(sandbox.keyVault.primary(), container(sandbox, azurite, "ready-archive"),
          "ready", Optional.of(standby), "first", true)).create();
      VaultBackupSchedule first = awaitRun(sandbox, "ready", "first");
      assertThat(first.getStatus().standbyReadiness()).singleElement().satisfies(r -> {
        assertThat(r.key()).isEqualTo(KeyVaultDemo.FIRST_KEY);
        assertThat(r.restorable()).isTrue();
        assertThat(r.presentInStandby()).isTrue();
        assertThat(r.usableByEkm()).isTrue();
      });

      sandbox.rotateNow("sales", "now");
      TdeKeyPolicy rotated = await().atMost(PATIENCE).until(() -> sandbox.get("sales"), ReconcileDriver::rotated);
      String newKey = rotated.getStatus().activeKey().keyName();

      VaultBackupSchedule after = await().atMost(PATIENCE).until(() -> get(sandbox, "ready"),
          s -> s.getStatus().standbyReadiness().stream().anyMatch(r -> r.key().equals(newKey)));
      assertThat(after.getStatus().standbyReadiness()).extracting(StandbyReadiness::key)
          .containsExactlyInAnyOrder(KeyVaultDemo.FIRST_KEY, newKey);
      assertThat(after.getStatus().standbyReadiness()).filteredOn(r -> r.key().equals(newKey)).singleElement().satisfies(r -> {
        assertThat(r.restorable()).isFalse();
        assertThat(r.presentInStandby()).isFalse();
        assertThat(r.message()).contains("TdeKeyPolicy sales").contains("spec.source.keys does not select it");
      });
      assertThat(after.getStatus().lastRun().trigger()).as("no run was needed").isEqualTo("manual:first");
      assertThat(Serialization.asJson(after.getStatus())).doesNotContain(sandbox.operatorSecret(), sandbox.keyVault.ekmClientSecret());
    }
  }

  private static URI container(TdeSandbox sandbox, AzuriteBlobService azurite, String name) {
    Instant now = Instant.now();
    return azurite.createContainer(name, sandbox.keyVault.aad().tokens().issue(KeyVaultDemo.TENANT_ID,
        KeyVaultDemo.OPERATOR_CLIENT_ID, "https://storage.azure.com", now, now.plusSeconds(600)),
        java.net.http.HttpClient.newBuilder().sslContext(sandbox.keyVault.tls().clientContext()).build());
  }

  /** Backs up the adopted key only (by name), as the operator's identity; {@code ekm}: check the EKM identity on the standby. */
  private static VaultBackupSchedule schedule(KeyVaultStandIn source, URI container, String name, Optional<KeyVaultStandIn> standby,
                                              String backupNow, boolean ekm) {
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
            keys: {names: [%s]}
          archive:
            blob: {containerUrl: "%s", prefix: "%s"}
          azureCredentials:
            type: ClientSecret
            secretRef: {name: operator-azure}
        """.formatted(name, TdeSandbox.NS, backupNow, source.vaultUrl(), KeyVaultDemo.SUBSCRIPTION_ID, KeyVaultDemo.FIRST_KEY,
        container, name);
    if (standby.isPresent()) {
      yaml += "  standbyVaults:\n    - {url: \"" + standby.get().vaultUrl() + "\", region: northeurope, subscriptionId: "
          + KeyVaultDemo.SUBSCRIPTION_ID + "}\n";
    }
    if (ekm) {
      yaml += "  ekmIdentity: {name: ekm-connector}\n";
    }
    return Serialization.unmarshal(yaml, VaultBackupSchedule.class);
  }

  private static VaultBackupSchedule get(TdeSandbox sandbox, String name) {
    return sandbox.harness.user().resources(VaultBackupSchedule.class).inNamespace(TdeSandbox.NS).withName(name).get();
  }

  /** The run the annotation value asked for, completed. */
  private static VaultBackupSchedule awaitRun(TdeSandbox sandbox, String name, String backupNow) {
    return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> get(sandbox, name),
        s -> s.getStatus() != null && s.getStatus().lastRun() != null
            && ("manual:" + backupNow).equals(s.getStatus().lastRun().trigger())
            && (s.getStatus().activeRun() == null || s.getStatus().activeRun().scheduledTime() == null));
  }
}

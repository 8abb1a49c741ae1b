package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.tde.BackupRequirement;
import io.keyrotation.operator.api.tde.RotationStep;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Backup before use, against the Key Vault, SQL Server and Kubernetes stand-ins and Azurite, with the
 * operator's VaultBackupSchedule controller running in-process: no database encryption key is
 * re-encrypted with a new key before the schedule that covers it has archived its backup; the policy
 * asks for that backup itself and says what it waits for.
 */
class BackupBeforeUseTest {
  static final Duration PATIENCE = Duration.ofSeconds(90);
  static final int MAX = 40;
  TdeSandbox sandbox;
  BackupArchiveFixture archive;

  @BeforeEach
  void start() {
    sandbox = new TdeSandbox(1);
    archive = new BackupArchiveFixture(sandbox);
  }

  @AfterEach
  void stop() {
    try {
      sandbox.invariants().assertHold();
    } finally {
      try {
        archive.close();
      } finally {
        sandbox.close();
      }
    }
  }

  @Test
  void reencryptsNoDatabaseKeyUntilTheScheduleThatCannotArchiveYetHasArchivedTheNewKey() {
    URI later = archive.azurite.containerUrl("created-later");
    archive.schedule("tde-keys", later, primaryUrl());
    Map<String, String> before = sandbox.encryptorThumbprints(0);
    ReconcileDriver driver = new ReconcileDriver(sandbox, sandbox.policy("sales"));
    driver.reconcile();
    driver.rotateNow("now");

    driver.reconcileUntil(p -> archive.backupNow("tde-keys").isPresent(), MAX);
    String request = archive.backupNow("tde-keys").orElseThrow();
    String newKey = driver.policy.getStatus().rotation().targetKeyName();
    assertThat(driver.policy.getStatus().rotation().step()).isEqualTo(RotationStep.AwaitBackup);
    assertThat(driver.policy.getStatus().rotation().backup().request()).isEqualTo(request);
    assertThat(request).startsWith("tdekeypolicy/sales/" + newKey + "/");
    assertThat(TdeRotationEndToEndTest.condition(driver.policy, "Ready").getReason()).isEqualTo("AwaitingBackup");
    assertThat(TdeRotationEndToEndTest.condition(driver.policy, "Ready").getMessage()).contains("tde-keys", newKey);
    assertThat(TdeRotationEndToEndTest.condition(driver.policy, "Degraded").getStatus()).isEqualTo("False");

    // The schedule runs for the request and fails: the container does not exist yet.
    await().atMost(PATIENCE).until(() -> ranFor(archive.get("tde-keys"), request));
    driver.reconcile();
    TdeKeyPolicy blocked = driver.reconcile();
    assertThat(blocked.getStatus().rotation().step()).isEqualTo(RotationStep.AwaitBackup);
    assertThat(TdeRotationEndToEndTest.condition(blocked, "Ready").getReason()).isEqualTo("BackupFailed");
    assertThat(TdeRotationEndToEndTest.condition(blocked, "Degraded").getStatus()).isEqualTo("True");
    assertThat(TdeRotationEndToEndTest.condition(blocked, "Degraded").getMessage()).contains("tde-keys", newKey, "NotFound");
    assertThat(sandbox.encryptorThumbprints(0)).as("no database uses the new key").isEqualTo(before);
    assertThat(sandbox.keyVault.primary().keyNames()).as("the new key is kept").contains(newKey);
    assertThat(sandbox.asymmetricKeys(0)).as("nor is it registered in SQL Server").hasSize(1);
    assertThat(new io.keyrotation.operator.testing.ArchiveAudit(sandbox.keyVault.tls(), sandbox.keyVault.aad().tokens())
        .list(later, null)).as("nothing is archived").isEmpty();

    archive.createContainer("created-later");
    driver.clock.advance(Duration.ofHours(2));
    driver.reconcileUntil(p -> !archive.backupNow("tde-keys").orElseThrow().equals(request), MAX);
    String again = archive.backupNow("tde-keys").orElseThrow();
    assertThat(again).as("asked again, with a new value").isNotEqualTo(request);
    await().atMost(PATIENCE).until(() -> ranFor(archive.get("tde-keys"), again));
    assertThat(sandbox.encryptorThumbprints(0)).isEqualTo(before);
    TdeKeyPolicy rotated = driver.reconcileUntil(ReconcileDriver::rotated, MAX);

    assertThat(ReconcileDriver.rotated(rotated)).isTrue();
    String version = versionOf(rotated.getStatus().activeKey().keyId());
    assertThat(archive.archivesHolding(later, newKey, version)).as("the archive holds the key's version").hasSize(1);
    assertThat(sandbox.encryptorThumbprints(0)).allSatisfy((db, t) -> assertThat(t).isEqualTo(rotated.getStatus().activeKey().thumbprint()));
    assertThat(rotated.getStatus().rotation()).isNull();
  }

  @Test
  void aPolicyThatNoScheduleCoversRotatesWithoutAskingForABackup() {
    archive.schedule("other-vault", archive.container,
        sandbox.keyVault.standby().vaultUrl().toString().replaceAll("/$", ""));
    ReconcileDriver driver = new ReconcileDriver(sandbox, sandbox.policy("sales"));
    driver.reconcile();
    driver.rotateNow("now");

    TdeKeyPolicy rotated = driver.reconcileUntil(ReconcileDriver::rotated, MAX);

    assertThat(ReconcileDriver.rotated(rotated)).isTrue();
    assertThat(sandbox.encryptorThumbprints(0)).allSatisfy((db, t) -> assertThat(t).isEqualTo(rotated.getStatus().activeKey().thumbprint()));
    assertThat(archive.backupNow("other-vault")).isEmpty();
    assertThat(archive.blobs(archive.container)).isEmpty();
  }

  @Test
  void aNamedScheduleThatDoesNotExistStopsTheRotationBeforeAnyKeyIsCreated() {
    TdeKeyPolicy policy = sandbox.policy("sales");
    TdeKeyPolicySpec spec = policy.getSpec();
    policy.setSpec(new TdeKeyPolicySpec(spec.vault(), spec.key(), spec.rotation(), spec.sqlServer(), spec.ekmCredential(),
        spec.azureCredentials(), spec.suspend(), new BackupRequirement(new BackupRequirement.ScheduleRef("nightly"))));
    ReconcileDriver driver = new ReconcileDriver(sandbox, policy);
    driver.reconcile();
    driver.rotateNow("now");

    TdeKeyPolicy refused = driver.reconcile();

    assertThat(TdeRotationEndToEndTest.condition(refused, "Ready").getReason()).isEqualTo(BackupCoverage.NOT_FOUND);
    assertThat(TdeRotationEndToEndTest.condition(refused, "Ready").getMessage()).contains("nightly", "spec.backup");
    assertThat(refused.getStatus().rotation()).isNull();
    assertThat(sandbox.keyVault.primary().keyNames()).containsExactly(KeyVaultDemo.FIRST_KEY);
  }

  @Test
  void theDeployedOperatorAsksTheScheduleItselfAndRotatesOnceTheArchiveHoldsTheNewKey() {
    archive.schedule("tde-keys");
    sandbox.apply(sandbox.policy("sales"));
    await().atMost(PATIENCE).until(() -> sandbox.get("sales"), p -> p.getStatus() != null && TdeRotationEndToEndTest.ready(p, "True"));

    sandbox.rotateNow("sales", "now");
    TdeKeyPolicy rotated = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> sandbox.get("sales"),
        p -> p.getStatus() != null && p.getStatus().lastRotationTime() != null && p.getStatus().rotation() == null);

    String key = rotated.getStatus().activeKey().keyName();
    assertThat(archive.archivesHolding(archive.container, key, versionOf(rotated.getStatus().activeKey().keyId()))).hasSize(1);
    assertThat(archive.get("tde-keys").getStatus().lastManualTrigger()).startsWith("tdekeypolicy/sales/" + key + "/");
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(sandbox.events("sales")).extracting(Event::getReason)
        .containsSubsequence("VaultKeyCreated", "BackupRequested", "KeyBackupArchived", "DatabaseReencrypted"));
  }

  private static boolean ranFor(VaultBackupSchedule schedule, String request) {
    var status = schedule.getStatus();
    return status != null && request.equals(status.lastManualTrigger()) && status.lastRun() != null
        && ("manual:" + request).equals(status.lastRun().trigger())
        && (status.activeRun() == null || status.activeRun().scheduledTime() == null);
  }

  private String primaryUrl() {
    return sandbox.keyVault.primary().vaultUrl().toString().replaceAll("/$", "");
  }

  private static String versionOf(String keyId) {
    return Optional.of(keyId.replaceAll("/$", "")).map(id -> id.substring(id.lastIndexOf('/') + 1)).orElseThrow();
  }
}

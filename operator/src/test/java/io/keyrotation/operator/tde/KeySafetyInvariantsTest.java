package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The invariant checker sees each kind of broken promise in the stand-ins' state, and none in a sound sandbox. */
class KeySafetyInvariantsTest {
  TdeSandbox sandbox;

  @BeforeEach
  void start() {
    sandbox = new TdeSandbox(1);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void holdInTheSandboxAsCreated() {
    assertThat(sandbox.sql.get(0).instance().keyReferences()).as("references to check").isNotEmpty();
    assertThat(sandbox.invariants().violations()).isEmpty();
  }

  @Test
  void reportsADisabledKeyThatADatabaseKeyDependsOn() {
    sandbox.keyVault.primary().setEnabled(KeyVaultDemo.FIRST_KEY, false);
    assertThat(sandbox.invariants().violations())
        .anySatisfy(v -> assertThat(v).startsWith("DEK of database Sales on sql-0").contains("is disabled"))
        .anySatisfy(v -> assertThat(v).startsWith("VLF 1 of database Sales on sql-0").contains("is disabled"));
  }

  @Test
  void reportsADeletedKeyThatADatabaseKeyDependsOn() {
    sandbox.keyVault.primary().softDelete(KeyVaultDemo.FIRST_KEY);
    assertThat(sandbox.invariants().violations())
        .anySatisfy(v -> assertThat(v).contains("key " + KeyVaultDemo.FIRST_KEY + " was deleted from vault"));
  }

  @Test
  void reportsAClientSecretRemovedWhileSqlServerStillUsesIt() {
    assertThat(sandbox.sql.get(0).instance().cachedEkmSecrets()).as("secrets the connector cached").isNotEmpty();
    var registry = sandbox.keyVault.aad().registry();
    registry.secretsOf(KeyVaultDemo.EKM_CLIENT_ID).forEach(s -> registry.removeSecret(KeyVaultDemo.EKM_CLIENT_ID, s.keyId()));
    assertThat(sandbox.invariants().violations())
        .anySatisfy(v -> assertThat(v).contains("a client secret that application " + KeyVaultDemo.EKM_CLIENT_ID
            + " no longer has"));
  }

  @Test
  void reportsADatabaseKeyWithoutAnArchiveOnceAScheduleHasArchivedItsVault() {
    try (BackupArchiveFixture archive = new BackupArchiveFixture(sandbox)) {
      sandbox.keyVault.primary().createKey("sqltde-spare", false, 2048, java.util.Map.of());
      runOnce(archive);
      assertThat(sandbox.invariants().violations()).isEmpty();

      archive.delete(archive.container, archive.blobs(archive.container).stream()
          .filter(b -> KeyVaultDemo.FIRST_KEY.equals(b.getMetadata().get("key"))).findFirst().orElseThrow());

      assertThat(sandbox.invariants().violations())
          .anySatisfy(v -> assertThat(v).startsWith("DEK of database Sales on sql-0: key " + KeyVaultDemo.FIRST_KEY)
              .contains("has no archived backup", "tde/tde-keys"));
    }
  }

  @Test
  void reportsAPurgedKeyWhoseOnlyArchiveNoLongerVerifies() {
    try (BackupArchiveFixture archive = new BackupArchiveFixture(sandbox)) {
      sandbox.keyVault.primary().createKey("sqltde-spare", false, 2048, java.util.Map.of());
      runOnce(archive);
      sandbox.keyVault.primary().softDelete("sqltde-spare");
      sandbox.keyVault.primary().purge("sqltde-spare");
      assertThat(sandbox.invariants().violations()).as("the archive is the copy").isEmpty();

      archive.tamper(archive.container, archive.blobs(archive.container).stream()
          .filter(b -> "sqltde-spare".equals(b.getMetadata().get("key"))).findFirst().orElseThrow());

      assertThat(sandbox.invariants().violations())
          .anySatisfy(v -> assertThat(v).contains("key sqltde-spare was purged from vault", "no copy is left"));
    }
  }

  /** The schedule archives the vault's sqltde keys once, on demand. */
  private void runOnce(BackupArchiveFixture archive) {
    archive.schedule("tde-keys");
    // As kubectl annotate: a merge patch without resourceVersion (the operator writes the new schedule's status meanwhile).
    sandbox.harness.user().resources(io.keyrotation.operator.api.backup.VaultBackupSchedule.class).inNamespace(TdeSandbox.NS)
        .withName("tde-keys").patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\""
            + io.keyrotation.operator.backup.VaultBackupScheduleReconciler.BACKUP_NOW + "\":\"invariants\"}}}");
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).until(() -> archive.get("tde-keys"),
        s -> s.getStatus() != null && s.getStatus().lastRun() != null && "manual:invariants".equals(s.getStatus().lastRun().trigger()));
    assertThat(archive.get("tde-keys").getStatus().lastRun().keysBackedUp()).isEqualTo(2);
  }

  @Test
  void reportsAnIssuedSecretInAnEventWithoutShowingIt() {
    String secret = sandbox.keyVault.ekmClientSecret();
    sandbox.harness.user().v1().events().inNamespace(TdeSandbox.NS).resource(new EventBuilder().withNewMetadata()
        .withName("leak").withNamespace(TdeSandbox.NS).endMetadata().withReason("Leak")
        .withMessage("connected with " + secret).build()).create();
    assertThat(sandbox.invariants().violations())
        .anySatisfy(v -> assertThat(v).contains("appears in a status or Event: Event " + TdeSandbox.NS + "/leak"))
        .allSatisfy(v -> assertThat(v).doesNotContain(secret));
  }
}

package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.api.common.VaultRef;
import io.keyrotation.operator.api.tde.EkmCredentialSpec;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.blob.ArchivedBackup;
import io.keyrotation.operator.blob.BackupArchive;
import io.keyrotation.operator.blob.BackupArchives;
import io.keyrotation.operator.keyvault.AzureIdentity;
import io.keyrotation.operator.keyvault.KeyBackup;
import io.keyrotation.operator.keyvault.KeyVaultGateways;
import io.keyrotation.operator.keyvault.VaultKeyInfo;
import io.keyrotation.sandbox.blob.AzuriteBlobService;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The disaster the archive is for: the TDE key is deleted and purged in its vault; it is restored
 * from its archive in Blob Storage (Azurite) into a fresh vault of the same geography, the policy fails
 * over to that vault, and after SQL Server's restart its databases are online again.
 */
class BackupDisasterRecoveryTest {
  static final int MAX = 20;

  @Test
  void aPurgedKeyIsRestoredFromItsArchiveIntoAFreshVaultAndTheDatabasesComeBackAfterFailover() throws Exception {
    try (TdeSandbox sandbox = new TdeSandbox(1);
         AzuriteBlobService azurite = AzuriteBlobService.start(sandbox.keyVault.tls(), Files.createTempDirectory("disaster"))) {
      KeyVaultStandIn primary = sandbox.keyVault.primary();
      KeyVaultStandIn fresh = sandbox.keyVault.standby();
      ReconcileDriver driver = new ReconcileDriver(sandbox, sandbox.policy("disaster"));
      driver.reconcile();
      driver.reconcile();
      assertThat(TdeRotationEndToEndTest.ready(driver.policy, "True")).isTrue();

      KeyVaultGateways vaults = new KeyVaultGateways(sandbox.operatorConfig().keyVaultSettings());
      AzureIdentity operator = AzureIdentity.clientSecret(KeyVaultDemo.TENANT_ID, KeyVaultDemo.OPERATOR_CLIENT_ID,
          sandbox.operatorSecret());
      Instant now = Instant.now();
      URI container = azurite.createContainer("dr-archive", sandbox.keyVault.aad().tokens().issue(KeyVaultDemo.TENANT_ID,
          KeyVaultDemo.OPERATOR_CLIENT_ID, "https://storage.azure.com", now, now.plusSeconds(600)),
          java.net.http.HttpClient.newBuilder().sslContext(sandbox.keyVault.tls().clientContext()).build());
      BackupArchive archive = new BackupArchives(sandbox.operatorConfig().keyVaultSettings()).archiveFor(container, "dr", operator);
      var source = vaults.gatewayFor(primary.vaultUrl(), operator);
      List<String> versions = source.listVersions(KeyVaultDemo.FIRST_KEY).stream()
          .map(VaultKeyInfo::version).map(v -> v.orElseThrow()).toList();
      archive.store(primary.name(), source.backupKey(KeyVaultDemo.FIRST_KEY), versions, now);

      primary.softDelete(KeyVaultDemo.FIRST_KEY);
      primary.purge(KeyVaultDemo.FIRST_KEY);
      assertThat(primary.keyNames()).doesNotContain(KeyVaultDemo.FIRST_KEY);
      sandbox.sql.get(0).instance().restart();
      for (String database : SqlServerDemo.DATABASES) {
        assertThat(sandbox.sql.get(0).instance().databaseState(database)).as("with its key lost").isNotEqualTo("ONLINE");
      }

      ArchivedBackup newest = archive.list(primary.name(), KeyVaultDemo.FIRST_KEY).get(0);
      vaults.gatewayFor(fresh.vaultUrl(), operator)
          .restoreKey(new KeyBackup(primary.vaultUrl(), KeyVaultDemo.FIRST_KEY, archive.read(newest)));
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
      driver.clock.advance(java.time.Duration.ofMinutes(2));
      TdeKeyPolicy done = driver.reconcileUntil(p -> p.getStatus().vaultFailover() == null, MAX);

      assertThat(done.getStatus().vaultUrl()).isEqualTo(freshUrl);
      for (String database : SqlServerDemo.DATABASES) {
        assertThat(sandbox.sql.get(0).instance().databaseState(database)).isEqualTo("ONLINE");
      }
      sandbox.invariants().assertHold();
    }
  }
}

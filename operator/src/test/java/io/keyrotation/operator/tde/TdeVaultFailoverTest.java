package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.keyrotation.operator.api.common.VaultRef;
import io.keyrotation.operator.api.tde.EkmCredentialSpec;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.keyvault.AzureIdentity;
import io.keyrotation.operator.keyvault.KeyVaultGateways;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Microsoft's procedure for a lost vault: the keys restored into the standby vault, spec.vault
 * changed to it; the operator checks the key material, switches the credentials' IDENTITY, and
 * reports the restart SQL Server needs.
 */
class TdeVaultFailoverTest {
  static final int MAX = 20;
  TdeSandbox sandbox;
  ReconcileDriver driver;
  KeyVaultStandIn primary;
  KeyVaultStandIn standby;

  @BeforeEach
  void start() {
    sandbox = new TdeSandbox(1);
    primary = sandbox.keyVault.primary();
    standby = sandbox.keyVault.standby();
    driver = new ReconcileDriver(sandbox, sandbox.policy("failover"));
    driver.reconcile();
    driver.reconcile();
    assertThat(TdeRotationEndToEndTest.ready(driver.policy, "True")).isTrue();
  }

  @AfterEach
  void stop() {
    try {
      sandbox.invariants().assertHold();
    } finally {
      sandbox.close();
    }
  }

  @Test
  void switchesTheCredentialsToTheStandbyAndReportsTheRestartUntilItHappens() {
    restoreIntoStandby();
    standby.grant(KeyVaultDemo.EKM_CLIENT_ID, KeyPermission.GET, KeyPermission.LIST, KeyPermission.WRAP_KEY,
        KeyPermission.UNWRAP_KEY);
    pointAtStandby();

    TdeKeyPolicy pending = driver.reconcileUntil(p -> condition(p, TdeConditions.RESTART_PENDING) != null, MAX);
    assertThat(condition(pending, TdeConditions.RESTART_PENDING).getStatus()).isEqualTo("True");
    assertThat(condition(pending, TdeConditions.RESTART_PENDING).getMessage()).contains("sql-0");
    assertThat(sandbox.externalState()).contains(SqlServerDemo.TDE_CREDENTIAL + "=" + standby.name());
    assertThat(pending.getStatus().vaultUrl()).isNotEqualTo(standbyUrl());

    primary.revoke(KeyVaultDemo.EKM_CLIENT_ID, KeyPermission.GET, KeyPermission.LIST, KeyPermission.WRAP_KEY,
        KeyPermission.UNWRAP_KEY);
    sandbox.sql.get(0).instance().restart();
    driver.clock.advance(java.time.Duration.ofMinutes(2));
    TdeKeyPolicy done = driver.reconcileUntil(p -> p.getStatus().vaultFailover() == null, MAX);

    assertThat(done.getStatus().vaultUrl()).isEqualTo(standbyUrl());
    assertThat(done.getStatus().activeKey().keyId()).startsWith(standbyUrl());
    assertThat(condition(done, TdeConditions.RESTART_PENDING).getStatus()).isEqualTo("False");
    for (String database : SqlServerDemo.DATABASES) {
      assertThat(sandbox.sql.get(0).instance().databaseState(database)).isEqualTo("ONLINE");
    }
  }

  @Test
  void aStandbyWithoutTheKeyStopsWithAClearConditionAndChangesNothing() {
    String before = sandbox.externalState();
    pointAtStandby();

    TdeKeyPolicy refused = driver.reconcile();

    Condition ready = condition(refused, "Ready");
    assertThat(ready.getReason()).isEqualTo("NotFound");
    assertThat(ready.getMessage()).contains(KeyVaultDemo.FIRST_KEY).contains("restore");
    assertThat(sandbox.externalState()).isEqualTo(before);
  }

  @Test
  void aStandbyKeyWithOtherKeyMaterialIsRefusedAndNothingChanges() {
    standby.createKey(KeyVaultDemo.FIRST_KEY, false, 2048, Map.of());
    String before = sandbox.externalState();
    pointAtStandby();

    TdeKeyPolicy refused = driver.reconcile();

    assertThat(condition(refused, "Ready").getReason()).isIn("Conflict", "NotFound");
    assertThat(sandbox.externalState()).isEqualTo(before);
  }

  private void restoreIntoStandby() {
    KeyVaultGateways vaults = new KeyVaultGateways(sandbox.operatorConfig().keyVaultSettings());
    AzureIdentity operator = AzureIdentity.clientSecret(KeyVaultDemo.TENANT_ID, KeyVaultDemo.OPERATOR_CLIENT_ID,
        sandbox.operatorSecret());
    var backup = vaults.gatewayFor(primary.vaultUrl(), operator).backupKey(KeyVaultDemo.FIRST_KEY);
    vaults.gatewayFor(standby.vaultUrl(), operator).restoreKey(backup);
  }

  private void pointAtStandby() {
    TdeKeyPolicySpec spec = driver.policy.getSpec();
    driver.policy.setSpec(new TdeKeyPolicySpec(new VaultRef(standbyUrl(), "northeurope", null), spec.key(), spec.rotation(),
        spec.sqlServer(), new EkmCredentialSpec(standby.name(), spec.ekmCredential().servicePrincipalSecretRef()),
        spec.azureCredentials(), spec.suspend()));
    driver.policy.getMetadata().setGeneration(2L);
  }

  private String standbyUrl() {
    return standby.vaultUrl().toString().replaceAll("/$", "");
  }

  static Condition condition(TdeKeyPolicy policy, String type) {
    return TdeRotationEndToEndTest.condition(policy, type);
  }
}

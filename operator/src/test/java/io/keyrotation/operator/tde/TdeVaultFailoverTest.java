package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.keyrotation.operator.api.common.VaultRef;
import io.keyrotation.operator.api.tde.EkmCredentialSpec;
import io.keyrotation.operator.api.tde.RotationStep;
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
  String primaryRegion;

  @BeforeEach
  void start() {
    sandbox = new TdeSandbox(1);
    primary = sandbox.keyVault.primary();
    standby = sandbox.keyVault.standby();
    driver = new ReconcileDriver(sandbox, sandbox.policy("failover"));
    primaryRegion = driver.policy.getSpec().vault().region();
    // Under a loaded machine a first catalog read can time out once; the policy is then Ready a reconcile later.
    driver.reconcileUntil(p -> p.getStatus() != null && TdeRotationEndToEndTest.ready(p, "True"), 5);
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

  @Test
  void aVaultChangeBeforeAnyDatabaseUsesTheNewKeyStartsTheRotationOverInTheNewVault() {
    driver.rotateNow("1");
    driver.reconcileUntil(p -> atStep(p, RotationStep.RegisterOnInstances), MAX);
    for (int i = 0; i < 3; i++) {
      driver.reconcile(); // the operator's own credential, its mapping, the asymmetric key from the old vault's key
    }
    String abandoned = driver.policy.getStatus().rotation().targetKeyName();
    assertThat(sandbox.asymmetricKeys(0)).containsKey("TDE_KEY_" + abandoned);
    restoreIntoStandby(KeyVaultDemo.FIRST_KEY);
    grantEkmOnStandby();
    pointAtStandby();

    TdeKeyPolicy pending = driver.reconcileUntil(p -> condition(p, TdeConditions.RESTART_PENDING) != null, MAX);
    assertThat(pending.getStatus().rotation().targetKeyName()).as("the rotation waits for the failover").isEqualTo(abandoned);
    assertThat(condition(pending, "Progressing").getMessage()).contains("waits").contains(abandoned);
    assertThat(sandbox.credentials(0)).containsEntry(OwnEkmCredential.PREFIX + primary.name(), standby.name());
    revokeEkmOnPrimary();
    sandbox.sql.get(0).instance().restart();
    driver.clock.advance(java.time.Duration.ofMinutes(2));
    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, 3 * MAX);

    assertThat(ReconcileDriver.rotated(done)).as("rotated; status: %s", done.getStatus()).isTrue();
    String newKey = done.getStatus().activeKey().keyName();
    assertThat(newKey).isNotEqualTo(abandoned);
    assertThat(done.getStatus().activeKey().keyId()).startsWith(standbyUrl());
    assertThat(standby.keyNames()).containsExactlyInAnyOrder(KeyVaultDemo.FIRST_KEY, newKey);
    assertThat(standby.versionsOf(newKey)).as("created once").hasSize(1);
    assertThat(primary.keyNames()).as("nothing deleted").contains(KeyVaultDemo.FIRST_KEY, abandoned);
    assertThat(sandbox.asymmetricKeys(0)).containsKeys(SqlServerDemo.ASYMMETRIC_KEY, "TDE_KEY_" + abandoned,
        done.getStatus().activeKey().asymmetricKeyName());
    assertThat(sandbox.encryptorThumbprints(0)).allSatisfy((db, t) -> assertThat(t).isEqualTo(done.getStatus().activeKey().thumbprint()));
    assertThat(sandbox.events("failover")).filteredOn(e -> "RotationRestarted".equals(e.getReason())).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains(abandoned).contains(newKey).contains("never deleted"));
  }

  @Test
  void aVaultChangeAfterADatabaseMovedToTheNewKeyNeedsThatKeyInTheNewVaultAndThenContinues() {
    driver.rotateNow("1");
    driver.reconcileUntil(p -> atStep(p, RotationStep.ReencryptDatabases) && p.getStatus().rotation().databases() != null
        && !p.getStatus().rotation().databases().isEmpty(), 3 * MAX);
    String newKey = driver.policy.getStatus().rotation().targetKeyName();
    restoreIntoStandby(KeyVaultDemo.FIRST_KEY);
    grantEkmOnStandby();
    String before = sandbox.externalState();
    pointAtStandby();

    TdeKeyPolicy refused = driver.reconcile();
    assertThat(condition(refused, "Ready").getReason()).isEqualTo("NotFound");
    assertThat(condition(refused, "Ready").getMessage()).contains(newKey).contains("restore");
    assertThat(sandbox.externalState()).isEqualTo(before);

    restoreIntoStandby(newKey);
    driver.policy.getMetadata().setGeneration(3L);
    driver.reconcileUntil(p -> condition(p, TdeConditions.RESTART_PENDING) != null
        && "True".equals(condition(p, TdeConditions.RESTART_PENDING).getStatus()), MAX);
    assertThat(sandbox.credentials(0)).containsEntry("TDE_CRED_" + newKey, standby.name());
    revokeEkmOnPrimary();
    sandbox.sql.get(0).instance().restart();
    driver.clock.advance(java.time.Duration.ofMinutes(2));
    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, 3 * MAX);

    assertThat(ReconcileDriver.rotated(done)).as("rotated; status: %s", done.getStatus()).isTrue();
    assertThat(done.getStatus().activeKey().keyName()).isEqualTo(newKey);
    assertThat(done.getStatus().vaultUrl()).isEqualTo(standbyUrl());
    assertThat(primary.versionsOf(newKey)).as("created once").hasSize(1);
    assertThat(sandbox.events("failover")).noneMatch(e -> "RotationRestarted".equals(e.getReason()));
    assertThat(sandbox.encryptorThumbprints(0)).allSatisfy((db, t) -> assertThat(t).isEqualTo(done.getStatus().activeKey().thumbprint()));
    for (String database : SqlServerDemo.DATABASES) {
      assertThat(sandbox.sql.get(0).instance().databaseState(database)).isEqualTo("ONLINE");
    }
  }

  /**
   * Soak seed 3: failover, fail-back before the failover finished, failover again, while a rotation waits. The
   * fail-back used to leave the first failover's progress recorded: the rotation went on in the old vault, and the
   * second failover to the same standby took that progress as already checked, switched the credentials without
   * checking the rotation's new key there, and left ALTER DATABASE ENCRYPTION KEY retrying a key the standby does not
   * have (NotFound, connector error 33049).
   */
  @Test
  void aFailBackBeforeTheFailoverFinishedIsAFailoverOfItsOwnAndTheNextFailoverChecksTheNewKeyAgain() {
    driver.rotateNow("1");
    driver.reconcileUntil(p -> atStep(p, RotationStep.RegisterOnInstances), MAX);
    String abandoned = driver.policy.getStatus().rotation().targetKeyName();
    restoreIntoStandby(KeyVaultDemo.FIRST_KEY);
    grantEkmOnStandby();
    pointAt(standby, 2L);
    driver.reconcileUntil(p -> condition(p, TdeConditions.RESTART_PENDING) != null
        && "True".equals(condition(p, TdeConditions.RESTART_PENDING).getStatus()), MAX);
    assertThat(sandbox.credentials(0)).containsEntry(SqlServerDemo.TDE_CREDENTIAL, standby.name());

    pointAt(primary, 3L); // fail back before any instance restarted
    TdeKeyPolicy failingBack = driver.reconcileUntil(p -> p.getStatus().vaultFailover() != null
        && primaryUrl().equals(p.getStatus().vaultFailover().toVaultUrl().replaceAll("/$", ""))
        && primary.name().equals(sandbox.credentials(0).get(SqlServerDemo.TDE_CREDENTIAL)), MAX);
    assertThat(failingBack.getStatus().vaultFailover()).as("the fail-back is recorded as a failover to the primary")
        .isNotNull();
    assertThat(failingBack.getStatus().vaultFailover().toVaultUrl().replaceAll("/$", "")).isEqualTo(primaryUrl());
    assertThat(failingBack.getStatus().rotation().step()).as("the rotation waits for the fail-back")
        .isEqualTo(RotationStep.RegisterOnInstances);
    assertThat(sandbox.credentials(0)).containsEntry(SqlServerDemo.TDE_CREDENTIAL, primary.name());
    sandbox.sql.get(0).instance().restart();
    driver.clock.advance(java.time.Duration.ofMinutes(2));
    TdeKeyPolicy back = driver.reconcileUntil(p -> p.getStatus().vaultFailover() == null, MAX);
    assertThat(back.getStatus().vaultUrl().replaceAll("/$", "")).isEqualTo(primaryUrl());
    String restarted = back.getStatus().rotation().targetKeyName();
    assertThat(restarted).as("started over after the fail-back").isNotEqualTo(abandoned);

    driver.reconcileUntil(p -> atStep(p, RotationStep.ReencryptDatabases) && p.getStatus().rotation().databases() != null
        && !p.getStatus().rotation().databases().isEmpty(), 3 * MAX);
    assertThat(driver.policy.getStatus().rotation().targetKeyName()).isEqualTo(restarted);
    String before = sandbox.externalState();
    pointAt(standby, 4L); // over again: the standby has the old active key but not the rotation's new key

    TdeKeyPolicy refused = driver.reconcile();
    assertThat(condition(refused, "Ready").getReason()).isEqualTo("NotFound");
    assertThat(condition(refused, "Ready").getMessage()).contains(restarted).contains("restore");
    assertThat(refused.getStatus().vaultFailover()).as("nothing switched toward a vault without the key").isNull();
    assertThat(sandbox.externalState()).isEqualTo(before);
    assertThat(primary.keyNames()).as("nothing deleted").contains(KeyVaultDemo.FIRST_KEY, abandoned, restarted);
    for (String database : SqlServerDemo.DATABASES) {
      assertThat(sandbox.sql.get(0).instance().databaseState(database)).isEqualTo("ONLINE");
    }
  }

  private static boolean atStep(TdeKeyPolicy policy, RotationStep step) {
    return policy.getStatus() != null && policy.getStatus().rotation() != null && policy.getStatus().rotation().step() == step;
  }

  private void grantEkmOnStandby() {
    standby.grant(KeyVaultDemo.EKM_CLIENT_ID, KeyPermission.GET, KeyPermission.LIST, KeyPermission.WRAP_KEY,
        KeyPermission.UNWRAP_KEY);
  }

  private void revokeEkmOnPrimary() {
    primary.revoke(KeyVaultDemo.EKM_CLIENT_ID, KeyPermission.GET, KeyPermission.LIST, KeyPermission.WRAP_KEY,
        KeyPermission.UNWRAP_KEY);
  }

  private void restoreIntoStandby() {
    restoreIntoStandby(KeyVaultDemo.FIRST_KEY);
  }

  private void restoreIntoStandby(String key) {
    KeyVaultGateways vaults = new KeyVaultGateways(sandbox.operatorConfig().keyVaultSettings());
    AzureIdentity operator = AzureIdentity.clientSecret(KeyVaultDemo.TENANT_ID, KeyVaultDemo.OPERATOR_CLIENT_ID,
        sandbox.operatorSecret());
    var backup = vaults.gatewayFor(primary.vaultUrl(), operator).backupKey(key);
    vaults.gatewayFor(standby.vaultUrl(), operator).restoreKey(backup);
  }

  private void pointAtStandby() {
    pointAt(standby, 2L);
  }

  private void pointAt(KeyVaultStandIn vault, long generation) {
    TdeKeyPolicySpec spec = driver.policy.getSpec();
    String url = vault.vaultUrl().toString().replaceAll("/$", "");
    String region = vault == standby ? "northeurope" : primaryRegion;
    driver.policy.setSpec(new TdeKeyPolicySpec(new VaultRef(url, region, null), spec.key(), spec.rotation(),
        spec.sqlServer(), new EkmCredentialSpec(vault.name(), spec.ekmCredential().servicePrincipalSecretRef()),
        spec.azureCredentials(), spec.suspend()));
    driver.policy.getMetadata().setGeneration(generation);
  }

  private String primaryUrl() {
    return primary.vaultUrl().toString().replaceAll("/$", "");
  }

  private String standbyUrl() {
    return standby.vaultUrl().toString().replaceAll("/$", "");
  }

  static Condition condition(TdeKeyPolicy policy, String type) {
    return TdeRotationEndToEndTest.condition(policy, type);
  }
}

package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.api.tde.VaultKeySpec;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The rotation reads every instance's EKM connector build before it creates anything, and refuses
 * what the connectors cannot carry (issue 8 item 8).
 */
class TdeConnectorVersionsTest {
  /** SQL Server Connector 1.0.4.0: no key versions, other thumbprints than 1.0.5.0. */
  static final String CONNECTOR_1_0_4_0 = "13.0.811.168";
  static final String VERSIONED_KEY = "sqltde-versioned";

  TdeSandbox sandbox;

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void replicasWithDifferentConnectorVersionsRefuseToRotateNamingTheInstances() {
    sandbox = new TdeSandbox(2);
    ReconcileDriver driver = new ReconcileDriver(sandbox, sandbox.policy("mixed"));
    driver.reconcile();
    sandbox.sql.get(1).instance().installConnector(CONNECTOR_1_0_4_0);
    String before = sandbox.externalState();

    driver.rotateNow("1");
    TdeKeyPolicy refused = driver.reconcile();

    Condition ready = TdeRotationEndToEndTest.condition(refused, "Ready");
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getMessage()).contains("different EKM connector versions")
        .contains("sql-0 " + sandbox.sql.get(0).instance().connectorVersion())
        .contains("sql-1 " + CONNECTOR_1_0_4_0);
    assertThat(refused.getStatus().rotation()).isNull();
    assertThat(sandbox.externalState()).isEqualTo(before);
  }

  @Test
  void newVersionStrategyBelowTheConnectorMinimumIsRefusedAndNothingIsCreated() {
    sandbox = new TdeSandbox(1);
    sandbox.keyVault.primary().createKey(VERSIONED_KEY, false, 2048, Map.of());
    ReconcileDriver driver = new ReconcileDriver(sandbox, newVersionPolicy(VERSIONED_KEY));
    driver.reconcile();
    sandbox.sql.get(0).instance().installConnector(CONNECTOR_1_0_4_0);
    String before = sandbox.externalState();

    driver.rotateNow("1");
    TdeKeyPolicy refused = driver.reconcile();

    Condition ready = TdeRotationEndToEndTest.condition(refused, "Ready");
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains("sql-0").contains(CONNECTOR_1_0_4_0).contains("15.0.2000.440");
    assertThat(refused.getStatus().rotation()).isNull();
    assertThat(sandbox.keyVault.primary().versionsOf(VERSIONED_KEY)).hasSize(1);
    assertThat(sandbox.externalState()).isEqualTo(before);
  }

  @Test
  void neverAddsAVersionToAKeyAnInstanceRegisteredWithoutOne() {
    sandbox = new TdeSandbox(1);
    // sqltde-initial is behind TDE_KEY1, registered as PROVIDER_KEY_NAME = 'sqltde-initial' (no version).
    ReconcileDriver driver = new ReconcileDriver(sandbox, newVersionPolicy(KeyVaultDemo.FIRST_KEY));
    // Under a loaded machine the first catalog read can time out once; adoption then happens on the next reconcile.
    TdeKeyPolicy adopted = driver.reconcileUntil(p -> p.getStatus() != null && p.getStatus().activeKey() != null, 5);
    assertThat(adopted.getStatus().activeKey().providerKeyName()).isEqualTo(KeyVaultDemo.FIRST_KEY);
    String before = sandbox.externalState();

    driver.rotateNow("1");
    TdeKeyPolicy refused = driver.reconcile();

    Condition ready = TdeRotationEndToEndTest.condition(refused, "Ready");
    assertThat(ready.getReason()).isEqualTo("InvalidSpec");
    assertThat(ready.getMessage()).contains("registered without a version").contains(KeyVaultDemo.FIRST_KEY);
    assertThat(sandbox.keyVault.primary().versionsOf(KeyVaultDemo.FIRST_KEY)).hasSize(1);
    assertThat(sandbox.externalState()).isEqualTo(before);
  }

  /** Adopts TDE_KEY1 (declared sqltde-initial) and rotates by adding versions to {@code key}. */
  private TdeKeyPolicy newVersionPolicy(String key) {
    TdeKeyPolicy policy = sandbox.policy("versions");
    TdeKeyPolicySpec spec = policy.getSpec();
    policy.setSpec(new TdeKeyPolicySpec(spec.vault(), new VaultKeySpec(VaultKeySpec.NamingStrategy.NewVersion, null,
        key, VaultKeySpec.KeyType.RSA, 2048, null, KeyVaultDemo.FIRST_KEY), spec.rotation(),
        spec.sqlServer(), spec.ekmCredential(), spec.azureCredentials(), false));
    return policy;
  }
}

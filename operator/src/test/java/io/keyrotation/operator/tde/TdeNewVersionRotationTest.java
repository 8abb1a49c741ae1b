package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.api.tde.VaultKeySpec;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The NewVersion strategy: a rotation adds a version to the same vault key and registers that version by name/version. */
class TdeNewVersionRotationTest {
  static final String VERSIONED_KEY = "sqltde-versioned";
  TdeSandbox sandbox;

  @BeforeEach
  void start() {
    sandbox = new TdeSandbox(1);
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
  void aRotationAddsAVersionAndEveryDatabaseMovesToItsOwnAsymmetricKey() {
    // Not sqltde-initial: TDE_KEY1 registered it without a version, so adding one would change the key under it.
    sandbox.keyVault.primary().createKey(VERSIONED_KEY, false, 2048, java.util.Map.of());
    TdeKeyPolicy policy = sandbox.policy("versions");
    TdeKeyPolicySpec spec = policy.getSpec();
    policy.setSpec(new TdeKeyPolicySpec(spec.vault(), new VaultKeySpec(VaultKeySpec.NamingStrategy.NewVersion, null,
        VERSIONED_KEY, VaultKeySpec.KeyType.RSA, 2048, null, KeyVaultDemo.FIRST_KEY), spec.rotation(),
        spec.sqlServer(), spec.ekmCredential(), spec.azureCredentials(), false));
    ReconcileDriver driver = new ReconcileDriver(sandbox, policy);
    driver.reconcile();
    driver.rotateNow("1");

    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, 40);

    assertThat(ReconcileDriver.rotated(done)).isTrue();
    var active = done.getStatus().activeKey();
    assertThat(active.keyName()).isEqualTo(VERSIONED_KEY);
    assertThat(active.providerKeyName()).startsWith(VERSIONED_KEY + "/");
    assertThat(sandbox.keyVault.primary().keyNames()).containsExactlyInAnyOrder(KeyVaultDemo.FIRST_KEY, VERSIONED_KEY);
    assertThat(sandbox.keyVault.primary().versionsOf(KeyVaultDemo.FIRST_KEY)).hasSize(1);
    assertThat(sandbox.keyVault.primary().versionsOf(VERSIONED_KEY)).hasSize(2);
    assertThat(active.asymmetricKeyName()).startsWith("TDE_KEY_" + VERSIONED_KEY + "-");
    assertThat(sandbox.asymmetricKeys(0)).containsKeys(SqlServerDemo.ASYMMETRIC_KEY, active.asymmetricKeyName());
    assertThat(sandbox.encryptorThumbprints(0)).allSatisfy((db, t) -> assertThat(t).isEqualTo(active.thumbprint()));
  }
}

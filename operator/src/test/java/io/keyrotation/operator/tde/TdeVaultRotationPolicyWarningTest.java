package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.RotationPolicy;
import io.keyrotation.sandbox.keyvault.RotationPolicy.LifetimeAction;
import java.time.Period;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Key Vault rotation policy that adds versions behind SQL Server's back is reported as a warning
 * condition and Event, and never blocks the rotation (issue 8 item 8).
 */
class TdeVaultRotationPolicyWarningTest {
  static final int MAX = 40;

  TdeSandbox sandbox;
  KeyVaultStandIn vault;
  ReconcileDriver driver;

  @BeforeEach
  void start() {
    sandbox = new TdeSandbox(1);
    vault = sandbox.keyVault.primary();
    driver = new ReconcileDriver(sandbox, sandbox.policy("autorotate"));
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void activeKeyWithAnAutomaticRotationPolicyIsAWarningConditionAndEventThatDoesNotBlock() {
    vault.setRotationPolicy(KeyVaultDemo.FIRST_KEY, new RotationPolicy(
        List.of(LifetimeAction.rotateAfterCreate(Period.ofDays(90))), Optional.empty(), null, null));

    TdeKeyPolicy adopted = driver.reconcile();

    Condition warning = TdeRotationEndToEndTest.condition(adopted, VaultRotationPolicyCheck.CONDITION);
    assertThat(warning.getStatus()).isEqualTo("True");
    assertThat(warning.getMessage()).contains(KeyVaultDemo.FIRST_KEY).contains("P90D after creation");
    assertThat(sandbox.events("autorotate"))
        .filteredOn(e -> VaultRotationPolicyCheck.CONDITION.equals(e.getReason())).hasSize(1)
        .allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));

    driver.rotateNow("1");
    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, MAX);
    assertThat(ReconcileDriver.rotated(done)).isTrue();
    assertThat(TdeRotationEndToEndTest.ready(done, "True")).isTrue();
    assertThat(sandbox.events("autorotate"))
        .filteredOn(e -> VaultRotationPolicyCheck.CONDITION.equals(e.getReason())).as("told once, not every reconcile")
        .hasSize(1);
  }

  @Test
  void keysWithoutAutomaticRotationSayFalse() {
    driver.rotateNow("1");
    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, MAX);

    Condition checked = TdeRotationEndToEndTest.condition(done, VaultRotationPolicyCheck.CONDITION);
    assertThat(checked.getStatus()).isEqualTo("False");
    assertThat(checked.getMessage()).contains(done.getStatus().activeKey().keyName());
  }

  @Test
  void forbiddenRotationPolicyReadIsReportedAsUncheckedAndTheRotationGoesOn() {
    vault.revoke(KeyVaultDemo.OPERATOR_CLIENT_ID, KeyPermission.GET_ROTATION_POLICY);

    TdeKeyPolicy adopted = driver.reconcile();
    Condition unchecked = TdeRotationEndToEndTest.condition(adopted, VaultRotationPolicyCheck.CONDITION);
    assertThat(unchecked.getStatus()).isEqualTo("Unknown");
    assertThat(unchecked.getReason()).isEqualTo("CouldNotCheck");
    assertThat(unchecked.getMessage()).contains("getrotationpolicy").contains("Forbidden");

    driver.rotateNow("1");
    TdeKeyPolicy done = driver.reconcileUntil(ReconcileDriver::rotated, MAX);
    assertThat(ReconcileDriver.rotated(done)).isTrue();
    assertThat(TdeRotationEndToEndTest.ready(done, "True")).isTrue();
  }
}

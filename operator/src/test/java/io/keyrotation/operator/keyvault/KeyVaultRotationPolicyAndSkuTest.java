package io.keyrotation.operator.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.RotationPolicy;
import io.keyrotation.sandbox.keyvault.VaultProperties;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway reads rotation policies (to warn about versions added behind SQL Server's back) and meets the vault's SKU. */
class KeyVaultRotationPolicyAndSkuTest {
  static StandInFixture sandbox;
  static KeyVaultStandIn vault;
  static KeyVaultGateway gateway;

  @BeforeAll
  static void start() {
    sandbox = new StandInFixture();
    vault = sandbox.startVault("tde-policy-weu", "westeurope");
    gateway = new KeyVaultGateways(sandbox.settings()).gatewayFor(vault.vaultUrl(), sandbox.operator());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void warnsWhenTheKeyHasAPolicyThatAddsVersions() {
    vault.createKey("auto-rotated", false, 2048, Map.of());
    vault.setRotationPolicy("auto-rotated", new RotationPolicy(List.of(
        RotationPolicy.LifetimeAction.rotateAfterCreate(Period.ofDays(90)),
        RotationPolicy.LifetimeAction.notifyBeforeExpiry(Period.ofDays(30))), Optional.of(Period.ofYears(1)), Instant.now(), Instant.now()));

    VaultRotationPolicy policy = gateway.getRotationPolicy("auto-rotated").orElseThrow();

    assertThat(policy.rotatesAutomatically()).isTrue();
    assertThat(policy.isDefault()).isFalse();
    assertThat(policy.expiresIn()).contains("P1Y");
    assertThat(policy.warning()).get().asString().contains("auto-rotated", "P90D after creation", "SQL Server");
  }

  @Test
  void noWarningForKeyVaultsDefaultPolicy() {
    vault.createKey("no-policy", false, 2048, Map.of());

    VaultRotationPolicy policy = gateway.getRotationPolicy("no-policy").orElseThrow();

    assertThat(policy.isDefault()).isTrue();
    assertThat(policy.rotatesAutomatically()).isFalse();
    assertThat(policy.warning()).isEmpty();
  }

  @Test
  void answersEmptyForAMissingKey() {
    assertThat(gateway.getRotationPolicy("no-such-key")).isEmpty();
  }

  @Test
  void namesThePermissionWhenTheIdentityMayNotReadPolicies() {
    vault.createKey("guarded", false, 2048, Map.of());
    vault.revoke(StandInFixture.OPERATOR_APP, KeyPermission.GET_ROTATION_POLICY);
    try {
      assertThatThrownBy(() -> gateway.getRotationPolicy("guarded")).isInstanceOfSatisfying(GatewayException.class, e -> {
        assertThat(e.reason()).isEqualTo(FailureReason.Forbidden);
        assertThat(e.getMessage()).contains("getrotationpolicy");
      });
    } finally {
      vault.grant(StandInFixture.OPERATOR_APP, KeyPermission.GET_ROTATION_POLICY);
    }
  }

  @Test
  void reportsAnHsmKeyInAStandardVaultAsAnInvalidRequest() {
    KeyVaultStandIn standard = sandbox.startVault("tde-standard-weu", "westeurope");
    standard.properties().sku(VaultProperties.Sku.STANDARD);
    KeyVaultGateway standardGateway = new KeyVaultGateways(sandbox.settings()).gatewayFor(standard.vaultUrl(), sandbox.operator());

    assertThatThrownBy(() -> standardGateway.createKey(NewKey.rsa("tde-hsm", KeyProtection.HSM, 2048)))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.InvalidRequest);
          assertThat(e.getMessage()).contains("Hardware key operation not allowed on standard vault", "Premium");
        });
    assertThat(standard.findKey("tde-hsm")).isEmpty();
  }
}

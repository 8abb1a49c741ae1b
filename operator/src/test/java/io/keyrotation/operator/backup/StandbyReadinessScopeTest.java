package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.api.backup.BackupSource.KeySelector;
import io.keyrotation.operator.api.backup.VaultBackupScheduleSpec.RestoreConflictPolicy;
import io.keyrotation.operator.api.common.VaultRef;
import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.api.tde.TdeKeyPolicyStatus;
import io.keyrotation.operator.api.tde.VaultKeySpec;
import io.keyrotation.operator.blob.BackupArchives;
import io.keyrotation.operator.keyvault.KeyVaultGateways;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which keys standby readiness covers: the selected ones and those the namespace's TdeKeyPolicies use in the source vault. */
class StandbyReadinessScopeTest {
  private static final URI SOURCE = URI.create("https://kv-weu.vault.azure.net");

  private static ProtectorKey key(String name, String vault) {
    return new ProtectorKey(name, vault + "/keys/" + name + "/0123456789abcdef0123456789abcdef", null, null, null, null,
        null, null, null, null, null, null);
  }

  private static TdeKeyPolicy policy(String name, ProtectorKey active, List<ProtectorKey> previous, String vaultUrl) {
    TdeKeyPolicy policy = new TdeKeyPolicy();
    policy.getMetadata().setName(name);
    policy.setStatus(new TdeKeyPolicyStatus(1L, List.of(), active, previous, null, null, null, null, null, vaultUrl, null));
    return policy;
  }

  @Test
  void aPolicyUsesItsActiveAndEveryPreviousKeyInTheSourceVaultOnly() {
    TdeKeyPolicy sales = policy("sales", key("sqltde-20261201", SOURCE.toString()),
        List.of(key("sqltde-initial", SOURCE.toString()), key("elsewhere", "https://kv-other.vault.azure.net")), SOURCE.toString());
    TdeKeyPolicy hr = policy("hr", key("SQLTDE-20261201", "https://KV-WEU.vault.azure.net:443"), List.of(), SOURCE.toString());

    PolicyKeys used = PolicyKeys.in(SOURCE, List.of(sales, hr));

    assertThat(used.keys()).containsExactly("sqltde-20261201", "sqltde-initial");
    assertThat(used.users("sqltde-20261201")).hasValueSatisfying(u -> assertThat(u).containsExactly("hr", "sales"));
  }

  @Test
  void beforeItRecordsAnActiveKeyAPolicyUsesTheKeyItAdopts() {
    TdeKeyPolicy adopting = new TdeKeyPolicy();
    adopting.getMetadata().setName("adopting");
    adopting.setSpec(new TdeKeyPolicySpec(new VaultRef(SOURCE.toString(), "westeurope", null),
        new VaultKeySpec(null, "sqltde", null, null, null, null, "sqltde-initial"), null, null, null, null, false));

    assertThat(PolicyKeys.in(SOURCE, List.of(adopting)).keys()).containsExactly("sqltde-initial");
    assertThat(PolicyKeys.in(URI.create("https://kv-neu.vault.azure.net"), List.of(adopting)).keys()).isEmpty();
  }

  @Test
  void aStatusWriteThatLeavesTheKeysAloneDoesNotChangeThePolicysFingerprint() {
    TdeKeyPolicy before = policy("sales", key("sqltde-initial", SOURCE.toString()), List.of(), SOURCE.toString());
    TdeKeyPolicy stepWritten = policy("sales", key("sqltde-initial", SOURCE.toString()), List.of(), SOURCE.toString());
    TdeKeyPolicy rotated = policy("sales", key("sqltde-20261201", SOURCE.toString()),
        List.of(key("sqltde-initial", SOURCE.toString())), SOURCE.toString());

    assertThat(PolicyKeys.fingerprint(stepWritten)).isEqualTo(PolicyKeys.fingerprint(before));
    assertThat(PolicyKeys.fingerprint(rotated)).isNotEqualTo(PolicyKeys.fingerprint(before));
  }

  @Test
  void aKeyAPolicyUsesThatTheScheduleDoesNotSelectIsNotRestorableAndSaysWhatToDo() {
    try (BackupStandIns standIns = new BackupStandIns()) {
      KeyVaultStandIn source = standIns.startVault("kv-weu-scope", "westeurope");
      KeyVaultStandIn standby = standIns.startVault("kv-neu-scope", "northeurope");
      source.createKey("tde-a", false, 2048, Map.of());
      source.createKey("sqltde-used", false, 2048, Map.of());
      KeyVaultGateways vaults = new KeyVaultGateways(standIns.settings());
      BackupTargets targets = new BackupTargets(vaults.gatewayFor(source.vaultUrl(), standIns.operator()),
          List.of(vaults.gatewayFor(standby.vaultUrl(), standIns.operator())),
          new BackupArchives(standIns.settings()).archiveFor(standIns.newContainer(), "scope", standIns.operator()),
          new KeySelector(List.of("tde-a"), null, null), 30, Optional.empty(), RestoreConflictPolicy.Skip);
      String vault = source.vaultUrl().toString();
      PolicyKeys used = PolicyKeys.in(source.vaultUrl(), List.of(policy("sales", key("sqltde-used", vault), List.of(), vault)));
      RunDriver driver = new RunDriver(Clock.fixed(Instant.parse("2026-12-01T03:00:00Z"), ZoneOffset.UTC), used);

      driver.run(targets, Instant.parse("2026-12-01T02:00:00Z"));

      assertThat(driver.readiness).extracting(r -> r.key()).containsExactly("sqltde-used", "tde-a");
      assertThat(driver.readiness.get(0)).satisfies(r -> {
        assertThat(r.restorable()).isFalse();
        assertThat(r.presentInStandby()).isFalse();
        assertThat(r.message()).contains("TdeKeyPolicy sales").contains("spec.source.keys does not select it");
      });
      assertThat(driver.readiness.get(1)).satisfies(r -> {
        assertThat(r.restorable()).isTrue();
        assertThat(r.presentInStandby()).isTrue();
      });
      assertThat(standby.keyNames()).as("readiness restores nothing").containsExactly("tde-a");
    }
  }
}

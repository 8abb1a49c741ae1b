package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.common.AzureCredentials;
import io.keyrotation.operator.api.common.VaultRef;
import io.keyrotation.operator.api.tde.BackupRequirement;
import io.keyrotation.operator.api.tde.EkmCredentialSpec;
import io.keyrotation.operator.api.tde.RotationSpec;
import io.keyrotation.operator.api.tde.SqlServerTarget;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.api.tde.VaultKeySpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which schedule must archive a new key: the table of key selections, and a named schedule. */
class BackupCoverageTest {
  static final String VAULT = "https://contoso-tde.vault.azure.net";
  static final Map<String, String> TAGS = Map.of("keyrotation-policy-uid", "u1", "team", "sales");

  static Stream<Arguments> selections() {
    return Stream.of(
        Arguments.of("all keys", "{}", VAULT, true),
        Arguments.of("the same vault with a trailing slash and other case", "{}", "HTTPS://contoso-tde.vault.azure.net/", true),
        Arguments.of("another vault", "{}", "https://contoso-dr.vault.azure.net", false),
        Arguments.of("names, other case", "{names: [SALES-TDE-20261201]}", VAULT, true),
        Arguments.of("names without it", "{names: [sales-tde-initial]}", VAULT, false),
        Arguments.of("namePrefix, other case", "{namePrefix: SALES-}", VAULT, true),
        Arguments.of("another namePrefix", "{namePrefix: hr-}", VAULT, false),
        Arguments.of("matchTags the key carries", "{matchTags: {team: sales}}", VAULT, true),
        Arguments.of("matchTags with another value", "{matchTags: {team: hr}}", VAULT, false),
        Arguments.of("namePrefix and a tag the key lacks", "{namePrefix: sales-, matchTags: {env: prod}}", VAULT, false));
  }

  @ParameterizedTest(name = "{0}: covered {3}")
  @MethodSource("selections")
  void aScheduleCoversTheKeyWhenItsVaultAndSelectionIncludeIt(String what, String keys, String sourceVault, boolean covered) {
    var schedule = schedule("nightly", sourceVault, keys, "2026-01-01T00:00:00Z");

    assertThat(BackupCoverage.whyNotCovered(schedule, VAULT, "sales-tde-20261201", TAGS).isEmpty()).isEqualTo(covered);
    assertThat(BackupCoverage.find(spec(null), "tde", List.of(schedule), "sales-tde-20261201", TAGS))
        .isInstanceOf(covered ? BackupCoverage.Covered.class : BackupCoverage.NotCovered.class);
  }

  @Test
  void theOldestCoveringScheduleIsTheOneWaitedFor() {
    var newer = schedule("newer", VAULT, "{}", "2026-06-01T00:00:00Z");
    var older = schedule("older", VAULT, "{namePrefix: sales-}", "2026-01-01T00:00:00Z");
    var other = schedule("other", "https://contoso-dr.vault.azure.net", "{}", "2025-01-01T00:00:00Z");

    var result = BackupCoverage.find(spec(null), "tde", List.of(newer, other, older), "sales-tde-20261201", TAGS);

    assertThat(result).isInstanceOfSatisfying(BackupCoverage.Covered.class,
        c -> assertThat(c.schedule().getMetadata().getName()).isEqualTo("older"));
  }

  @Test
  void aNamedScheduleThatIsMissingIsRefusedNamingIt() {
    var result = BackupCoverage.find(spec("nightly"), "tde", List.of(schedule("other", VAULT, "{}", null)), "sales-tde-1", TAGS);

    assertThat(result).isInstanceOfSatisfying(BackupCoverage.Refused.class, r -> {
      assertThat(r.reason()).isEqualTo(BackupCoverage.NOT_FOUND);
      assertThat(r.message()).contains("nightly", "namespace tde", "spec.backup");
    });
  }

  @Test
  void aNamedScheduleThatDoesNotSelectTheKeyIsRefusedSayingWhy() {
    var named = schedule("nightly", VAULT, "{namePrefix: hr-}", null);

    var result = BackupCoverage.find(spec("nightly"), "tde", List.of(named, schedule("all", VAULT, "{}", null)), "sales-tde-1", TAGS);

    assertThat(result).isInstanceOfSatisfying(BackupCoverage.Refused.class, r -> {
      assertThat(r.reason()).isEqualTo(BackupCoverage.DOES_NOT_COVER);
      assertThat(r.message()).contains("nightly", "sales-tde-1", "namePrefix hr-");
    });
  }

  private static TdeKeyPolicySpec spec(String scheduleRef) {
    return new TdeKeyPolicySpec(new VaultRef(VAULT, "westeurope", null),
        new VaultKeySpec(VaultKeySpec.NamingStrategy.NewName, "sales-tde", null, null, null, null, null),
        RotationSpec.defaults(), new SqlServerTarget(null, List.of(), null, null), new EkmCredentialSpec(null, null),
        AzureCredentials.defaultChain(), false,
        scheduleRef == null ? null : new BackupRequirement(new BackupRequirement.ScheduleRef(scheduleRef)));
  }

  private static VaultBackupSchedule schedule(String name, String sourceVault, String keys, String created) {
    VaultBackupSchedule schedule = Serialization.unmarshal("""
        apiVersion: keyrotation.io/v1alpha1
        kind: VaultBackupSchedule
        metadata: {name: %s, namespace: tde}
        spec:
          schedule: "@daily"
          source: {vault: {url: "%s", region: westeurope}, keys: %s}
          archive: {blob: {containerUrl: "https://backups.blob.core.windows.net/keys"}}
        """.formatted(name, sourceVault, keys), VaultBackupSchedule.class);
    schedule.getMetadata().setCreationTimestamp(created);
    return schedule;
  }
}

package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.api.backup.BackupSource.KeySelector;
import io.keyrotation.operator.api.backup.VaultBackupScheduleSpec.RestoreConflictPolicy;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.DrillIntent;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.DrillOutcome;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.DrillResult;
import io.keyrotation.operator.blob.ArchivedBackup;
import io.keyrotation.operator.blob.BackupArchives;
import io.keyrotation.operator.keyvault.KeyVaultGateways;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.VaultOperation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Restore drills into a scratch vault stand-in, from archives in Azurite. */
class RestoreDrillTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T04:00:00Z"), ZoneOffset.UTC);
  private static final AtomicInteger N = new AtomicInteger();
  private static BackupStandIns standIns;
  private static KeyVaultGateways vaults;
  private static BackupArchives archives;

  @BeforeAll
  static void start() {
    standIns = new BackupStandIns();
    vaults = new KeyVaultGateways(standIns.settings());
    archives = new BackupArchives(standIns.settings());
  }

  @AfterAll
  static void stop() {
    standIns.close();
  }

  private record Drill(KeyVaultStandIn source, KeyVaultStandIn scratch, BackupTargets targets, DrillIntent intent) {}

  /** A source with one archived key, a scratch vault where the operator may delete and purge. */
  private static Drill archivedKeyAndScratchVault(KeyPermission... scratchExtra) {
    int n = N.incrementAndGet();
    KeyVaultStandIn source = standIns.startVault("kv-weu-drill-src" + n, "westeurope");
    KeyVaultStandIn scratch = standIns.startVault("kv-weu-scratch" + n, "westeurope");
    scratch.grant(BackupStandIns.OPERATOR_APP, scratchExtra);
    source.createKey("tde-a", false, 2048, Map.of());
    source.importVersions("tde-a", 2);
    BackupTargets targets = new BackupTargets(vaults.gatewayFor(source.vaultUrl(), standIns.operator()), List.of(),
        archives.archiveFor(standIns.newContainer(), "drill", standIns.operator()), new KeySelector(null, null, null),
        30, Optional.empty(), RestoreConflictPolicy.Skip, List.of(),
        Optional.of(vaults.scratchVaultFor(scratch.vaultUrl(), standIns.operator())));
    new RunDriver(CLOCK).run(targets, Instant.parse("2026-12-01T02:00:00Z"));
    ArchivedBackup newest = targets.archive().list(targets.sourceVaultName(), "tde-a").get(0);
    return new Drill(source, scratch, targets,
        new DrillIntent("tde-a", scratch.vaultUrl().toString(), newest.blobName(), "2026-12-01T03:00:00Z"));
  }

  private static long requests(KeyVaultStandIn vault, VaultOperation operation) {
    return vault.requests().stream().filter(r -> r.operation() == operation && r.status() < 300).count();
  }

  @Test
  void restoresTheNewestArchiveComparesThePublicKeyThenDeletesAndPurgesIt() {
    Drill d = archivedKeyAndScratchVault(KeyPermission.DELETE, KeyPermission.PURGE);

    DrillResult result = new DrillRunner(CLOCK).drill(d.intent(), d.targets());

    assertThat(result.result()).isEqualTo(DrillOutcome.Passed);
    assertThat(result.message()).contains("public key equal");
    assertThat(d.scratch().keyNames()).doesNotContain("tde-a");
    assertThat(d.scratch().isSoftDeleted("tde-a")).isFalse();
    assertThat(requests(d.scratch(), VaultOperation.RESTORE_KEY)).isEqualTo(1);
    assertThat(requests(d.scratch(), VaultOperation.PURGE_DELETED_KEY)).isEqualTo(1);
    assertThat(d.source().keyNames()).contains("tde-a");
  }

  @Test
  void resumesAfterAStopBetweenRestoreAndDeleteAndRecognisesItsOwnRestoredKey() {
    Drill d = archivedKeyAndScratchVault(KeyPermission.DELETE, KeyPermission.PURGE);
    var archive = d.targets().archive().list(d.targets().sourceVaultName(), "tde-a").get(0);
    d.targets().scratch().orElseThrow().keys().restoreKey(new io.keyrotation.operator.keyvault.KeyBackup(
        d.source().vaultUrl(), "tde-a", d.targets().archive().read(archive)));
    // the operator stopped here: status holds the intent, the key is in the scratch vault

    DrillResult result = new DrillRunner(CLOCK).drill(d.intent(), d.targets());

    assertThat(result.result()).isEqualTo(DrillOutcome.Passed);
    assertThat(d.scratch().keyNames()).doesNotContain("tde-a");
    assertThat(requests(d.scratch(), VaultOperation.RESTORE_KEY)).isEqualTo(1);
  }

  @Test
  void aKeyTheDrillDidNotRestoreIsLeftAloneAndTheDrillFails() {
    Drill d = archivedKeyAndScratchVault(KeyPermission.DELETE, KeyPermission.PURGE);
    d.scratch().createKey("tde-a", false, 2048, Map.of("owner", "someone else"));

    DrillResult result = new DrillRunner(CLOCK).drill(d.intent(), d.targets());

    assertThat(result.result()).isEqualTo(DrillOutcome.Failed);
    assertThat(result.message()).contains("did not restore").contains("left alone");
    assertThat(d.scratch().keyNames()).contains("tde-a");
    assertThat(requests(d.scratch(), VaultOperation.DELETE_KEY)).isZero();
    assertThat(requests(d.scratch(), VaultOperation.RESTORE_KEY)).isZero();
  }

  @Test
  void aDrillThatCannotPurgeIsReportedAsFailedWithThePermissionItNeeds() {
    Drill d = archivedKeyAndScratchVault(KeyPermission.DELETE);

    DrillResult result = new DrillRunner(CLOCK).drill(d.intent(), d.targets());

    assertThat(result.result()).isEqualTo(DrillOutcome.Failed);
    assertThat(result.message()).contains("purge");
    assertThat(d.scratch().isSoftDeleted("tde-a")).isTrue();
  }
}

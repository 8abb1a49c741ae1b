package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.api.backup.BackupSource.KeySelector;
import io.keyrotation.operator.api.backup.VaultBackupScheduleSpec.RestoreConflictPolicy;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.BackupRun;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.RunResult;
import io.keyrotation.operator.blob.ArchivedBackup;
import io.keyrotation.operator.blob.BackupArchive;
import io.keyrotation.operator.blob.BackupArchives;
import io.keyrotation.operator.keyvault.KeyVaultGateways;
import io.keyrotation.operator.schedule.IsoDuration;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.VaultOperation;
import java.net.URI;
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

/**
 * The disaster the archive is for, as a scheduled run meets it: a selected key deleted and purged in
 * the source vault. Key Vault stand-ins in Europe and Azurite, through the real gateways.
 */
class KeyLostAtSourceTest {
  private static final Instant FIRST_RUN = Instant.parse("2026-11-01T02:00:00Z");
  private static final Instant AFTER_DISASTER = Instant.parse("2026-12-01T02:00:00Z");
  private static final AtomicInteger VAULTS = new AtomicInteger();
  private static BackupStandIns standIns;
  private static KeyVaultGateways vaults;
  private static BackupArchives archives;
  private final RunDriver driver = new RunDriver(Clock.fixed(AFTER_DISASTER, ZoneOffset.UTC));

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

  private record Setup(KeyVaultStandIn source, KeyVaultStandIn standby, URI container) {
    BackupTargets targets(KeySelector selector, boolean withStandby, int keepLast, Optional<IsoDuration> maxAge) {
      return new BackupTargets(vaults.gatewayFor(source.vaultUrl(), standIns.operator()),
          withStandby ? List.of(vaults.gatewayFor(standby.vaultUrl(), standIns.operator())) : List.of(),
          archive(), selector, keepLast, maxAge, RestoreConflictPolicy.Skip);
    }

    BackupArchive archive() {
      return archives.archiveFor(container, "backups", standIns.operator());
    }

    List<ArchivedBackup> list(String key) {
      return archive().list(targets(KeySelector.all(), false, 1, Optional.empty()).sourceVaultName(), key);
    }

    void lose(String key) {
      source.softDelete(key);
      source.purge(key);
    }
  }

  private static Setup setup() {
    int n = VAULTS.incrementAndGet();
    KeyVaultStandIn source = standIns.startVault("kv-weu-lost" + n, "westeurope");
    KeyVaultStandIn standby = standIns.startVault("kv-neu-fresh" + n, "northeurope");
    source.createKey("tde-a", false, 2048, Map.of("purpose", "sql-tde"));
    source.createKey("tde-b", false, 2048, Map.of("purpose", "other"));
    source.importVersions("tde-a", 2);
    return new Setup(source, standby, standIns.newContainer());
  }

  @Test
  void aKeyPurgedAtTheSourceIsReportedMissingThereAndRestoredFromItsNewestArchiveIntoAStandbyThatLacksIt() {
    Setup s = setup();
    KeySelector named = new KeySelector(List.of("tde-a", "tde-b"), null, null);
    driver.run(s.targets(named, false, 30, Optional.empty()), FIRST_RUN);
    List<String> archivedVersions = s.list("tde-a").get(0).versions();
    s.lose("tde-a");
    s.source().clearRequests();

    BackupRun run = driver.run(s.targets(named, true, 30, Optional.empty()), AFTER_DISASTER);

    assertThat(run.selectedKeys()).containsExactly("tde-a", "tde-b");
    assertThat(run.result()).isEqualTo(RunResult.PartiallyFailed);
    assertThat(run.keysMissingAtSource()).isEqualTo(1);
    assertThat(run.keysFailed()).isZero();
    assertThat(run.keysRestored()).isEqualTo(2);
    assertThat(run.problems()).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo("tde-a");
      assertThat(p.reason()).isEqualTo("MissingAtSource");
      assertThat(p.message()).contains(s.list("tde-a").get(0).blobName()).contains("Recover");
    });
    assertThat(s.standby().versionsOf("tde-a")).extracting(v -> v.version()).containsExactlyInAnyOrderElementsOf(archivedVersions);
    assertThat(s.list("tde-a")).as("nothing new archived for the lost key, nothing removed").hasSize(1);
    assertThat(s.source().requests()).noneMatch(r -> r.operation() == VaultOperation.BACKUP_KEY && r.path().contains("/keys/tde-a/"));
    assertThat(s.source().keyNames()).as("the source is not touched").doesNotContain("tde-a");
  }

  @Test
  void aStandbyThatAlreadyHoldsTheLostKeyIsInSyncAndNothingThereIsOverwritten() {
    Setup s = setup();
    KeySelector prefix = new KeySelector(null, "tde-", null);
    driver.run(s.targets(prefix, true, 30, Optional.empty()), FIRST_RUN);
    s.lose("tde-a");
    s.standby().clearRequests();

    BackupRun run = driver.run(s.targets(prefix, true, 30, Optional.empty()), AFTER_DISASTER);

    assertThat(run.keysMissingAtSource()).isEqualTo(1);
    assertThat(run.keysInSync()).isEqualTo(2);
    assertThat(run.keysRestored()).isZero();
    assertThat(s.standby().requests()).noneMatch(r -> r.operation() == VaultOperation.RESTORE_KEY);
  }

  @Test
  void retentionNeverRemovesTheNewestArchiveOfAKeyMissingAtTheSource() {
    Setup s = setup();
    KeySelector named = new KeySelector(List.of("tde-a"), null, null);
    driver.run(s.targets(named, false, 1, Optional.empty()), FIRST_RUN);
    s.lose("tde-a");

    // keepLast 1 and maxAge P1D, a month after the only archive was taken
    BackupRun run = driver.run(s.targets(named, false, 1, Optional.of(IsoDuration.parse("P1D"))), AFTER_DISASTER);

    assertThat(run.keysMissingAtSource()).isEqualTo(1);
    assertThat(s.list("tde-a")).extracting(a -> a.path().takenAt()).containsExactly(FIRST_RUN);
  }

  @Test
  void aLostKeyIsSelectedByTheTagsItsNewestArchiveRecorded() {
    Setup s = setup();
    KeySelector tagged = new KeySelector(null, "tde-", Map.of("purpose", "sql-tde"));
    driver.run(s.targets(KeySelector.all(), false, 30, Optional.empty()), FIRST_RUN);
    assertThat(s.list("tde-a").get(0).tags()).containsEntry("purpose", "sql-tde");
    s.lose("tde-a");
    s.lose("tde-b");

    BackupRun run = driver.run(s.targets(tagged, true, 30, Optional.empty()), AFTER_DISASTER);

    assertThat(run.selectedKeys()).containsExactly("tde-a");
    assertThat(run.keysMissingAtSource()).isEqualTo(1);
    assertThat(s.standby().keyNames()).containsExactly("tde-a");
  }

  @Test
  void aNamedKeyNeitherAtTheSourceNorArchivedIsNotFound() {
    Setup s = setup();

    BackupRun run = driver.run(s.targets(new KeySelector(List.of("tde-a", "never-made"), null, null), true, 30,
        Optional.empty()), FIRST_RUN);

    assertThat(run.keysMissingAtSource()).isZero();
    assertThat(run.problems()).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo("never-made");
      assertThat(p.reason()).isEqualTo("NotFound");
    });
  }
}

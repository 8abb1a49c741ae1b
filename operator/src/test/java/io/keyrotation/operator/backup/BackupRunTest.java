package io.keyrotation.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.api.backup.BackupSource.KeySelector;
import io.keyrotation.operator.api.backup.VaultBackupScheduleSpec.RestoreConflictPolicy;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.BackupRun;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.KeyOutcome;
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

/** Backup runs against Key Vault stand-ins (two in Europe) and Azurite, through the real gateways. */
class BackupRunTest {
  private static final Instant NOW = Instant.parse("2026-12-01T03:00:00Z");
  private static final AtomicInteger VAULTS = new AtomicInteger();
  private static BackupStandIns standIns;
  private static KeyVaultGateways vaults;
  private static BackupArchives archives;
  private final RunDriver driver = new RunDriver(Clock.fixed(NOW, ZoneOffset.UTC));

  @BeforeAll
  static void start() {
    standIns = new BackupStandIns();
    vaults = new KeyVaultGateways(standIns.settings());
    archives = new BackupArchives(standIns.settings());
  }

  @org.junit.jupiter.api.AfterEach
  void keySafetyHolds() {
    standIns.invariants(null).assertHold();
  }

  @AfterAll
  static void stop() {
    standIns.close();
  }

  /** A source in West Europe, a standby in North Europe, a fresh container. */
  private record Setup(KeyVaultStandIn source, KeyVaultStandIn standby, URI container) {
    BackupTargets targets(KeySelector selector, int keepLast, Optional<IsoDuration> maxAge, RestoreConflictPolicy policy) {
      return new BackupTargets(vaults.gatewayFor(source.vaultUrl(), standIns.operator()),
          List.of(vaults.gatewayFor(standby.vaultUrl(), standIns.operator())),
          archive(), selector, keepLast, maxAge, policy);
    }

    BackupTargets targets() {
      return targets(new KeySelector(null, "tde-", null), 30, Optional.empty(), RestoreConflictPolicy.Skip);
    }

    BackupArchive archive() {
      return archives.archiveFor(container, "backups", standIns.operator());
    }

    List<ArchivedBackup> list(String key) {
      return archive().list(targets().sourceVaultName(), key);
    }

    long sourceRequests(VaultOperation operation) {
      return source.requests().stream().filter(r -> r.operation() == operation).count();
    }
  }

  private static Setup setup() {
    int n = VAULTS.incrementAndGet();
    KeyVaultStandIn source = standIns.startVault("kv-weu-src" + n, "westeurope");
    KeyVaultStandIn standby = standIns.startVault("kv-neu-dr" + n, "northeurope");
    source.createKey("tde-a", false, 2048, Map.of());
    source.createKey("tde-b", false, 2048, Map.of());
    source.createKey("other", false, 2048, Map.of());
    return new Setup(source, standby, standIns.newContainer());
  }

  @Test
  void archivesEverySelectedKeyAndRestoresItIntoTheStandby() {
    Setup s = setup();

    BackupRun run = driver.run(s.targets(), Instant.parse("2026-12-01T02:00:00Z"));

    assertThat(run.result()).isEqualTo(RunResult.Succeeded);
    assertThat(run.selectedKeys()).containsExactly("tde-a", "tde-b");
    assertThat(run.keysBackedUp()).isEqualTo(2);
    assertThat(run.keysRestored()).isEqualTo(2);
    assertThat(s.list("tde-a")).hasSize(1);
    assertThat(s.list("other")).isEmpty();
    assertThat(s.standby().keyNames()).containsExactlyInAnyOrder("tde-a", "tde-b");
    assertThat(s.standby().versionsOf("tde-a")).extracting(v -> v.version())
        .containsExactlyElementsOf(s.source().versionsOf("tde-a").stream().map(v -> v.version()).toList());
    assertThat(driver.readiness).hasSize(2).allSatisfy(r -> {
      assertThat(r.restorable()).isTrue();
      assertThat(r.presentInStandby()).isTrue();
    });
  }

  @Test
  void aSecondRunWithNothingChangedMakesNoBackupCallsAndOneListCallPerKey() {
    Setup s = setup();
    driver.run(s.targets(), Instant.parse("2026-12-01T02:00:00Z"));
    s.source().clearRequests();

    BackupRun second = driver.run(s.targets(), Instant.parse("2026-12-02T02:00:00Z"));

    assertThat(second.result()).isEqualTo(RunResult.Succeeded);
    assertThat(second.keysUnchanged()).isEqualTo(2);
    assertThat(second.keysBackedUp()).isZero();
    assertThat(second.keysInSync()).isEqualTo(2);
    assertThat(s.sourceRequests(VaultOperation.BACKUP_KEY)).isZero();
    assertThat(s.sourceRequests(VaultOperation.LIST_KEY_VERSIONS)).isEqualTo(2);
    assertThat(s.list("tde-a")).hasSize(1);
  }

  @Test
  void aNewKeyAndANewVersionArePickedUpAndAStandbyWithOtherVersionsIsAConflictThatIsSkipped() {
    Setup s = setup();
    driver.run(s.targets(), Instant.parse("2026-12-01T02:00:00Z"));
    s.source().importVersions("tde-a", 1);
    s.source().createKey("tde-new", false, 2048, Map.of());

    BackupRun run = driver.run(s.targets(), Instant.parse("2026-12-02T02:00:00Z"));

    assertThat(run.keysBackedUp()).isEqualTo(2);
    assertThat(run.keysUnchanged()).isEqualTo(1);
    assertThat(run.keysRestored()).isEqualTo(1);
    assertThat(run.keysInSync()).isEqualTo(1);
    assertThat(run.keysConflict()).isEqualTo(1);
    assertThat(run.result()).isEqualTo(RunResult.PartiallyFailed);
    assertThat(run.problems()).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo("tde-a");
      assertThat(p.reason()).isEqualTo("Conflict");
      assertThat(p.target()).startsWith(s.standby().vaultUrl().toString());
    });
    assertThat(s.list("tde-a")).hasSize(2);
    assertThat(s.standby().versionsOf("tde-a")).hasSize(1);
    assertThat(s.standby().keyNames()).contains("tde-new");
  }

  @Test
  void aSoftDeletedKeyInTheStandbyIsAConflictAndUnderFailPolicyFailsTheRun() {
    Setup s = setup();
    s.standby().createKey("tde-a", false, 2048, Map.of());
    s.standby().softDelete("tde-a");

    BackupRun run = driver.run(s.targets(new KeySelector(null, "tde-", null), 30, Optional.empty(), RestoreConflictPolicy.Fail),
        Instant.parse("2026-12-01T02:00:00Z"));

    assertThat(run.result()).isEqualTo(RunResult.Failed);
    assertThat(run.keysConflict()).isEqualTo(1);
    assertThat(run.problems()).extracting(KeyOutcome::message).anySatisfy(m -> assertThat(m).contains("soft-deleted"));
    assertThat(s.standby().isSoftDeleted("tde-a")).isTrue();
    assertThat(s.standby().keyNames()).doesNotContain("tde-b");
  }

  @Test
  void retentionKeepsTheLastArchivesPerKeyAndNeverTheNewestEvenWhenOld() {
    Setup s = setup();
    var targets = s.targets(new KeySelector(List.of("tde-a"), null, null), 2, Optional.of(IsoDuration.parse("P1D")),
        RestoreConflictPolicy.Skip);
    for (int day = 1; day <= 4; day++) {
      s.source().importVersions("tde-a", 1);
      driver.run(targets, Instant.parse("2026-11-0" + day + "T02:00:00Z"));
    }

    List<ArchivedBackup> left = s.list("tde-a");

    // keepLast 2 leaves the 3rd and 4th; maxAge P1D (now is 12-01) would drop both, but the newest stays.
    assertThat(left).extracting(a -> a.path().takenAt()).containsExactly(Instant.parse("2026-11-04T02:00:00Z"));
  }

  @Test
  void aKeyWithMoreThan500VersionsIsReportedNotBackupableAndTheOthersGoOn() {
    Setup s = setup();
    s.source().importVersions("tde-b", 500);

    BackupRun run = driver.run(s.targets(), Instant.parse("2026-12-01T02:00:00Z"));

    assertThat(run.result()).isEqualTo(RunResult.PartiallyFailed);
    assertThat(run.keysBackedUp()).isEqualTo(1);
    assertThat(run.problems()).anySatisfy(p -> {
      assertThat(p.key()).isEqualTo("tde-b");
      assertThat(p.reason()).isEqualTo("NotBackupable");
      assertThat(p.message()).contains("501 versions");
    });
    assertThat(s.sourceRequests(VaultOperation.BACKUP_KEY)).isEqualTo(1);
  }

  @Test
  void resumesAfterAStopBetweenArchivingAndRecordingItWithoutADuplicateArchive() {
    Setup s = setup();
    BackupTargets targets = s.targets();
    RunProgress run = RunProgress.start(Instant.parse("2026-12-01T02:00:00Z"), "schedule", NOW);
    driver.step(targets, run);
    BackupRun recordedBeforeArchiving = run.running();

    driver.step(targets, run);
    assertThat(s.list("tde-a")).hasSize(1);
    // the operator stops here: the archive exists, status still says the Archive step has not begun

    BackupRun resumed = driver.resume(targets, RunProgress.of(recordedBeforeArchiving));

    assertThat(resumed.result()).isEqualTo(RunResult.Succeeded);
    assertThat(resumed.keysBackedUp()).isEqualTo(2);
    assertThat(s.list("tde-a")).hasSize(1);
    assertThat(s.list("tde-b")).hasSize(1);
  }

  @Test
  void throttledBackupsAreRetriedByTheGatewayAndTheRunSucceeds() {
    Setup s = setup();
    var retrying = new KeyVaultGateways(standIns.settings().withRetry(
        new io.keyrotation.operator.keyvault.KeyVaultRetry(3, java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(2),
            java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(10))));
    s.source().faults().failNext(VaultOperation.BACKUP_KEY, 2, 429);
    var base = s.targets();
    var targets = new BackupTargets(retrying.gatewayFor(s.source().vaultUrl(), standIns.operator()), base.standbys(),
        base.archive(), base.selector(), base.keepLast(), base.maxAge(), base.onConflict());

    BackupRun run = driver.run(targets, Instant.parse("2026-12-01T02:00:00Z"));

    assertThat(run.result()).isEqualTo(RunResult.Succeeded);
    assertThat(s.source().requests()).filteredOn(r -> r.status() == 429).hasSize(2);
  }

  @Test
  void aBlobOutageMidRunIsNotCountedAsSuccessAndTheNextRunCompletes() {
    Setup s = setup();
    s.source().createKey("tde-c", false, 2048, Map.of());
    BackupTargets base = s.targets();
    ArchiveOutage outage = new ArchiveOutage(base.archive(), 1);
    BackupTargets targets = new BackupTargets(base.source(), base.standbys(), outage, base.selector(), base.keepLast(),
        base.maxAge(), base.onConflict());

    BackupRun broken = driver.run(targets, Instant.parse("2026-12-01T02:00:00Z"));

    assertThat(broken.result()).isEqualTo(RunResult.PartiallyFailed);
    assertThat(broken.keysBackedUp()).isEqualTo(1);
    assertThat(broken.keysFailed()).isGreaterThanOrEqualTo(2);
    assertThat(broken.problems()).anySatisfy(p -> assertThat(p.reason()).isEqualTo("Unavailable"));
    assertThat(s.list("tde-b")).isEmpty();

    outage.end();
    BackupRun next = driver.run(targets, Instant.parse("2026-12-01T03:00:00Z"));

    assertThat(next.result()).isEqualTo(RunResult.Succeeded);
    assertThat(next.keysBackedUp()).isEqualTo(2);
    assertThat(next.keysUnchanged()).isEqualTo(1);
    assertThat(List.of("tde-a", "tde-b", "tde-c")).allSatisfy(k -> assertThat(s.list(k)).hasSize(1));
  }

  @Test
  void readinessSaysWhetherTheEkmIdentityCanWrapAndUnwrapWithEachStandbyKey() {
    Setup s = setup();
    KeyVaultStandIn lockedOut = standIns.startVault("kv-neu-noekm" + VAULTS.incrementAndGet(), "northeurope");
    lockedOut.revoke(BackupStandIns.EKM_APP, io.keyrotation.sandbox.keyvault.KeyPermission.UNWRAP_KEY);
    var ekm = io.keyrotation.operator.keyvault.AzureIdentity.clientSecret(BackupStandIns.TENANT, BackupStandIns.EKM_APP,
        standIns.ekmSecret);
    BackupTargets base = s.targets();
    var standbys = List.of(base.standbys().get(0), vaults.gatewayFor(lockedOut.vaultUrl(), standIns.operator()));
    BackupTargets targets = new BackupTargets(base.source(), standbys, base.archive(), base.selector(), base.keepLast(),
        base.maxAge(), base.onConflict(), List.of(vaults.gatewayFor(s.standby().vaultUrl(), ekm),
        vaults.gatewayFor(lockedOut.vaultUrl(), ekm)), Optional.empty());
    lockedOut.clearRequests();

    driver.run(targets, Instant.parse("2026-12-01T02:00:00Z"));

    assertThat(driver.readiness).hasSize(4);
    assertThat(driver.readiness).filteredOn(r -> r.standbyVault().startsWith(s.standby().vaultUrl().toString()))
        .allSatisfy(r -> assertThat(r.usableByEkm()).isTrue());
    assertThat(driver.readiness).filteredOn(r -> r.standbyVault().startsWith(lockedOut.vaultUrl().toString()))
        .allSatisfy(r -> {
          assertThat(r.presentInStandby()).isTrue();
          assertThat(r.usableByEkm()).isFalse();
          assertThat(r.message()).contains("unwrapKey").doesNotContain(standIns.ekmSecret);
        });
    assertThat(lockedOut.requests()).anySatisfy(r -> {
      assertThat(r.operation()).isEqualTo(VaultOperation.UNWRAP_KEY);
      assertThat(r.clientId()).isEqualTo(BackupStandIns.EKM_APP);
      assertThat(r.status()).isEqualTo(403);
    });
  }
}

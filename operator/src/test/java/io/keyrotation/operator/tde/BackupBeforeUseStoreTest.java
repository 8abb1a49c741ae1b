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
import io.keyrotation.operator.backup.VaultBackupScheduleReconciler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The policies' cache of VaultBackupSchedules keeps what backup before use reads, and which schedule
 * covers a key comes out the same from the kept copies as from the schedules themselves. (The rest of
 * backup before use reads the kept copies in every test that runs through {@link ReconcileDriver}.)
 */
class BackupBeforeUseStoreTest {
  static final String VAULT = "https://contoso-tde.vault.azure.net";
  static final Map<String, String> TAGS = Map.of("team", "sales");

  @Test
  void keepsWhatBackupBeforeUseReadsOfAScheduleAndNothingElse() {
    VaultBackupSchedule full = schedule("nightly", VAULT, "{namePrefix: sales-, matchTags: {team: sales}}", null);

    VaultBackupSchedule kept = BackupBeforeUseStore.whatPoliciesRead(full);

    assertThat(kept.getMetadata()).usingRecursiveComparison().comparingOnlyFields("name", "namespace", "uid", "resourceVersion",
        "generation", "creationTimestamp", "deletionTimestamp").isEqualTo(full.getMetadata());
    assertThat(kept.getMetadata().getAnnotations()).containsExactly(
        Map.entry(VaultBackupScheduleReconciler.BACKUP_NOW, "tdekeypolicy/sales-db/sales-tde-20261201/01234567/1"));
    assertThat(kept.getSpec().source().vault().url()).isEqualTo(full.getSpec().source().vault().url());
    assertThat(kept.getSpec().source().keys()).isEqualTo(full.getSpec().source().keys());
    assertThat(kept.getSpec().archive()).isEqualTo(full.getSpec().archive());
    assertThat(kept.getSpec().azureCredentials()).isEqualTo(full.getSpec().azureCredentials());
    assertThat(kept.getStatus().lastManualTrigger()).isEqualTo(full.getStatus().lastManualTrigger());
    assertThat(kept.getStatus().activeRun().scheduledTime()).isEqualTo(full.getStatus().activeRun().scheduledTime());
    assertThat(kept.getStatus().lastRun().result()).isEqualTo(full.getStatus().lastRun().result());
    assertThat(kept.getStatus().lastRun().selectedKeys()).isEqualTo(full.getStatus().lastRun().selectedKeys());
    assertThat(kept.getStatus().lastRun().problems()).extracting("key", "reason", "message")
        .containsExactlyElementsOf(full.getStatus().lastRun().problems().stream()
            .map(p -> org.assertj.core.groups.Tuple.tuple(p.key(), p.reason(), p.message())).toList());
    assertThat(kept.getStatus().conditions()).singleElement().satisfies(ready -> {
      assertThat(ready.getType()).isEqualTo("Ready");
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("RunFailed");
      assertThat(ready.getMessage()).isNull();
    });

    assertThat(kept.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(kept.getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(kept.getSpec().schedule()).isNull();
    assertThat(kept.getSpec().source().vault().region()).isNull();
    assertThat(kept.getSpec().standbyVaults()).isEmpty();
    assertThat(kept.getSpec().ekmIdentity()).isNull();
    assertThat(kept.getSpec().drill()).isNull();
    assertThat(kept.getStatus().observedGeneration()).isNull();
    assertThat(kept.getStatus().standbyReadiness()).isNull();
    assertThat(kept.getStatus().drills()).isNull();
    assertThat(kept.getStatus().activeDrill()).isNull();
    assertThat(kept.getStatus().nextScheduleTime()).isNull();
    assertThat(kept.getStatus().activeRun().selectedKeys()).isNull();
    assertThat(kept.getStatus().lastRun().startTime()).isNull();
    assertThat(kept.getStatus().lastRun().problems().get(0).target()).isNull();
    assertThat(full.getStatus().conditions()).as("the informer's own object is left as it came").hasSize(3);
  }

  @Test
  void theSameScheduleCoversAKeyWhetherKeptOrWhole() {
    List<VaultBackupSchedule> schedules = List.of(
        schedule("all", VAULT, "{}", "2026-03-01T00:00:00Z"),
        schedule("prefix", VAULT.toUpperCase() + "/", "{namePrefix: SALES-}", "2026-02-01T00:00:00Z"),
        schedule("tagged", VAULT, "{namePrefix: sales-, matchTags: {team: sales}}", "2026-01-01T00:00:00Z"),
        schedule("other-tag", VAULT, "{matchTags: {team: hr}}", "2025-01-01T00:00:00Z"),
        schedule("names", VAULT, "{names: [SALES-TDE-20261201]}", "2025-06-01T00:00:00Z"),
        schedule("elsewhere", "https://contoso-dr.vault.azure.net", "{}", "2024-01-01T00:00:00Z"),
        schedule("deleted", VAULT, "{}", "2023-01-01T00:00:00Z"));
    schedules.get(6).getMetadata().setDeletionTimestamp("2026-12-01T00:00:00Z");
    List<VaultBackupSchedule> kept = schedules.stream().map(BackupBeforeUseStore::whatPoliciesRead).toList();

    for (String key : List.of("sales-tde-20261201", "sales-tde-other", "hr-tde-1")) {
      for (String named : new String[] {null, "tagged", "other-tag", "elsewhere", "deleted", "missing"}) {
        assertThat(describe(BackupCoverage.find(spec(named), "tde", kept, key, TAGS)))
            .as("key %s, spec.backup %s", key, named)
            .isEqualTo(describe(BackupCoverage.find(spec(named), "tde", schedules, key, TAGS)));
      }
      for (int i = 0; i < schedules.size(); i++) {
        assertThat(BackupCoverage.whyNotCovered(kept.get(i), VAULT, key, TAGS))
            .isEqualTo(BackupCoverage.whyNotCovered(schedules.get(i), VAULT, key, TAGS));
      }
    }
  }

  private static String describe(BackupCoverage.Result result) {
    return result instanceof BackupCoverage.Covered covered ? "covered by " + covered.schedule().getMetadata().getName()
        : result.toString();
  }

  private static TdeKeyPolicySpec spec(String scheduleRef) {
    return new TdeKeyPolicySpec(new VaultRef(VAULT, "westeurope", null),
        new VaultKeySpec(VaultKeySpec.NamingStrategy.NewName, "sales-tde", null, null, null, null, null),
        RotationSpec.defaults(), new SqlServerTarget(null, List.of(), null, null), new EkmCredentialSpec(null, null),
        AzureCredentials.defaultChain(), false,
        scheduleRef == null ? null : new BackupRequirement(new BackupRequirement.ScheduleRef(scheduleRef)));
  }

  /** Every field filled. */
  static VaultBackupSchedule schedule(String name, String sourceVault, String keys, String created) {
    return Serialization.unmarshal("""
        apiVersion: keyrotation.io/v1alpha1
        kind: VaultBackupSchedule
        metadata:
          name: %s
          namespace: tde
          uid: 7c2e1d4f-0000-4000-8000-000000000002
          resourceVersion: "815"
          generation: 2
          creationTimestamp: "%s"
          labels: {app.kubernetes.io/part-of: sales}
          annotations:
            keyrotation.io/backup-now: tdekeypolicy/sales-db/sales-tde-20261201/01234567/1
            kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"keyrotation.io/v1alpha1","kind":"VaultBackupSchedule"}'
          finalizers: [example.com/keep]
          managedFields:
            - {manager: kubectl, operation: Apply, apiVersion: keyrotation.io/v1alpha1, fieldsType: FieldsV1, fieldsV1: {"f:spec": {}}}
        spec:
          schedule: "30 2 * * *"
          timeZone: Europe/Paris
          suspend: false
          startingDeadlineSeconds: 600
          concurrencyPolicy: Forbid
          source:
            vault: {url: "%s", region: westeurope, subscriptionId: 6f1c3e2a-5b7d-4c9e-8a10-2d3f4b5c6d7e}
            keys: %s
          archive: {blob: {containerUrl: "https://contosobackups.blob.core.windows.net/key-backups", prefix: contoso-tde/}}
          standbyVaults: [{url: "https://contoso-tde-dr.vault.azure.net", region: northeurope, subscriptionId: 6f1c3e2a-5b7d-4c9e-8a10-2d3f4b5c6d7e}]
          onRestoreConflict: Fail
          retention: {keepLast: 10, maxAge: P365D}
          azureCredentials: {type: ClientSecret, secretRef: {name: backup-sp}}
          ekmIdentity: {name: ekm-service-principal}
          drill: {vault: {url: "https://contoso-scratch.vault.azure.net", region: westeurope}, schedule: "@weekly"}
        status:
          observedGeneration: 2
          conditions:
            - {type: Ready, status: "False", reason: RunFailed, message: "The last run failed.", lastTransitionTime: "2026-12-01T02:40:00Z"}
            - {type: Degraded, status: "True", reason: RunFailed, message: "1 key failed.", lastTransitionTime: "2026-12-01T02:40:00Z"}
            - {type: StandbyReady, status: "True", reason: Restorable, message: "Every key can be restored."}
          lastScheduleTime: "2026-12-01T01:30:00Z"
          lastSuccessfulTime: "2026-11-30T01:40:00Z"
          nextScheduleTime: "2026-12-02T01:30:00Z"
          activeRun: {scheduledTime: "2026-12-01T10:00:00Z", trigger: "manual:x", startTime: "2026-12-01T10:00:01Z", result: Running, step: Archive, selectedKeys: [sales-tde-20261201], keysDone: 0, retries: 1, retryAt: "2026-12-01T10:01:00Z"}
          lastRun:
            scheduledTime: "2026-12-01T01:30:00Z"
            trigger: schedule
            startTime: "2026-12-01T01:30:02Z"
            completionTime: "2026-12-01T01:40:00Z"
            result: PartiallyFailed
            selectedKeys: [sales-tde-initial, sales-tde-20261201]
            keysDone: 2
            keysBackedUp: 1
            keysUnchanged: 0
            keysRestored: 1
            keysInSync: 0
            keysConflict: 0
            keysFailed: 1
            keysMissingAtSource: 0
            problems: [{key: sales-tde-20261201, target: "https://contosobackups.blob.core.windows.net/key-backups", reason: Unavailable, message: "The archive did not answer."}]
          lastManualTrigger: tdekeypolicy/sales-db/sales-tde-20261201/01234567/1
          missedSchedules: 1
          lastMissedTime: "2026-11-29T01:30:00Z"
          standbyReadiness: [{standbyVault: "https://contoso-tde-dr.vault.azure.net", key: sales-tde-initial, restorable: true, presentInStandby: true, message: ok, checkedTime: "2026-12-01T01:40:00Z"}]
          activeDrill: {key: sales-tde-initial, scratchVault: "https://contoso-scratch.vault.azure.net", archive: a/b, scheduledTime: "2026-12-01T00:00:00Z"}
          lastDrillScheduleTime: "2026-11-24T00:00:00Z"
          drills: [{key: sales-tde-initial, time: "2026-11-24T00:10:00Z", result: Passed, archive: a/b, message: ok}]
        """.formatted(name, created == null ? "2026-01-01T00:00:00Z" : created, sourceVault, keys), VaultBackupSchedule.class);
  }
}

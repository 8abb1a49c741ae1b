package io.keyrotation.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Status JSON as stored, including fields the backup workflow adds, read into gauges. */
class StatusSeriesTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void standbyIsReadyOnlyWhenEveryKeyIsPresentInItsStandby() throws Exception {
    Map<Series, Double> missing = StatusSeries.of("VaultBackupSchedule", json("""
        {"standbyReadiness": [{"standbyVault": "https://b.vault.azure.net/", "key": "k1", "presentInStandby": true},
                              {"standbyVault": "https://b.vault.azure.net/", "key": "k2", "presentInStandby": false}]}"""));
    Map<Series, Double> complete = StatusSeries.of("VaultBackupSchedule", json("""
        {"standbyReadiness": [{"standbyVault": "https://b.vault.azure.net/", "key": "k1", "presentInStandby": true}]}"""));

    assertThat(missing).containsEntry(Series.of(StatusSeries.STANDBY_READY), 0.0)
        .containsEntry(Series.of(StatusSeries.STANDBY_KEYS_MISSING), 1.0);
    assertThat(complete).containsEntry(Series.of(StatusSeries.STANDBY_READY), 1.0);
  }

  @Test
  void standbyIsNotReadyWhenTheEkmIdentityCannotUseAKeyItHolds() throws Exception {
    Map<Series, Double> unusable = StatusSeries.of("VaultBackupSchedule", json("""
        {"standbyReadiness": [{"standbyVault": "https://b.vault.azure.net/", "key": "k1", "presentInStandby": true,
                               "usableByEkm": false}]}"""));
    Map<Series, Double> unchecked = StatusSeries.of("VaultBackupSchedule", json("""
        {"standbyReadiness": [{"standbyVault": "https://b.vault.azure.net/", "key": "k1", "presentInStandby": true}]}"""));
    assertThat(unusable).containsEntry(Series.of(StatusSeries.STANDBY_READY), 0.0)
        .containsEntry(Series.of(StatusSeries.STANDBY_KEYS_MISSING), 0.0);
    assertThat(unchecked).containsEntry(Series.of(StatusSeries.STANDBY_READY), 1.0);
  }

  @Test
  void exportsNoStandbyReadinessBeforeTheFirstRun() throws Exception {
    assertThat(StatusSeries.of("VaultBackupSchedule", json("{\"standbyReadiness\": []}")))
        .doesNotContainKey(Series.of(StatusSeries.STANDBY_READY));
  }

  @Test
  void countsEveryKeysOutcomeOfTheLastRunWhateverItsName() throws Exception {
    Map<Series, Double> series = StatusSeries.of("VaultBackupSchedule", json("""
        {"lastRun": {"keysBackedUp": 4, "keysInSync": 2, "keysConflict": 1, "selectedKeys": ["a", "b"], "keysDone": "x"},
         "missedSchedules": 2}"""));

    assertThat(series).containsEntry(Series.of(StatusSeries.BACKUP_LAST_RUN_KEYS, "result", "backedUp"), 4.0)
        .containsEntry(Series.of(StatusSeries.BACKUP_LAST_RUN_KEYS, "result", "inSync"), 2.0)
        .containsEntry(Series.of(StatusSeries.BACKUP_LAST_RUN_KEYS, "result", "conflict"), 1.0)
        .containsEntry(Series.of(StatusSeries.BACKUP_MISSED), 2.0);
    assertThat(series.keySet()).noneMatch(s -> s.labels().containsValue("done") || s.labels().containsValue("a"));
  }

  @Test
  void leavesOutATimestampItCannotRead() throws Exception {
    Map<Series, Double> series = StatusSeries.of("TdeKeyPolicy", json("""
        {"nextRotationTime": "next tuesday", "lastRotationTime": "2026-12-01T02:00:00+01:00"}"""));

    assertThat(series).doesNotContainKey(Series.of(StatusSeries.NEXT_ROTATION))
        .containsEntry(Series.of(StatusSeries.LAST_ROTATION), 1796086800.0);
  }

  @Test
  void ignoresAConditionTypeOrStepThatIsNotAPlainWord() throws Exception {
    Map<Series, Double> series = StatusSeries.of("TdeKeyPolicy", json("""
        {"conditions": [{"type": "https://evil/x", "status": "True"}, {"type": "Ready", "status": "True"}],
         "rotation": {"step": "key=SalesKey1"}}"""));

    assertThat(series.keySet()).extracting(s -> s.labels().get("condition")).containsOnly(null, "Ready");
    assertThat(series).containsEntry(Series.of(StatusSeries.ROTATION_IN_PROGRESS), 1.0)
        .doesNotContainKey(Series.of(StatusSeries.ROTATION_STEP, "step", "key=SalesKey1"));
  }

  @Test
  void countsOnlyCredentialsWaitingForARestart() throws Exception {
    Map<Series, Double> series = StatusSeries.of("ServicePrincipalRotation", json("""
        {"rotation": {"step": "AwaitRestart", "targets": [
          {"kind": "SqlServerCredential", "state": "Updated"}, {"kind": "SqlServerCredential", "state": "Restarted"},
          {"kind": "KubernetesSecret", "state": "Updated"}]}}"""));

    assertThat(series).containsEntry(Series.of(StatusSeries.RESTART_PENDING), 1.0);
  }

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }
}

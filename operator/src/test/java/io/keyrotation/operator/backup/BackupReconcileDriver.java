package io.keyrotation.operator.backup;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.blob.BackupArchives;
import io.keyrotation.operator.config.CredentialsResolver;
import io.keyrotation.operator.config.SecretReader;
import io.keyrotation.operator.keyvault.KeyVaultGateways;
import io.keyrotation.operator.keyvault.KeyVaultSettings;
import io.keyrotation.operator.schedule.RetryBackoff;
import io.keyrotation.operator.status.EventRecorder;
import io.keyrotation.operator.status.StatusWriter;
import io.keyrotation.operator.testing.ManualClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Runs the VaultBackupSchedule reconciler one reconcile at a time, as JOSDK would, with a clock the test moves (its
 * Context is not used by the reconciler). The status each reconcile writes is kept as the API server would keep it,
 * or dropped (a write lost when the operator died before it).
 */
final class BackupReconcileDriver {
  final ManualClock clock = new ManualClock();
  private final KubernetesClient kube;
  private final KeyVaultSettings settings;
  VaultBackupSchedule schedule;
  private VaultBackupScheduleReconciler operator;

  BackupReconcileDriver(KubernetesClient kube, KeyVaultSettings settings, VaultBackupSchedule created) {
    this.kube = kube;
    this.settings = settings;
    this.schedule = created;
    this.operator = newOperator();
  }

  /** One reconcile; returns the resource with the status it built (not yet recorded). */
  VaultBackupSchedule reconcile() {
    VaultBackupSchedule working = kube.getKubernetesSerialization().clone(schedule);
    operator.reconcile(working, null);
    return working;
  }

  void record(VaultBackupSchedule written) {
    schedule = written;
  }

  /** The user sets keyrotation.io/backup-now to a new value. */
  void backupNow(String value) {
    Map<String, String> annotations = new HashMap<>(schedule.getMetadata().getAnnotations() == null
        ? Map.of() : schedule.getMetadata().getAnnotations());
    annotations.put(VaultBackupScheduleReconciler.BACKUP_NOW, value);
    schedule.getMetadata().setAnnotations(annotations);
  }

  /** The operator process dies and a new one starts: new gateways, caches and clients; only status survives. */
  void restartOperator() {
    operator = newOperator();
  }

  private VaultBackupScheduleReconciler newOperator() {
    var resolver = new BackupTargetsResolver(new CredentialsResolver(new SecretReader(kube)), new KeyVaultGateways(settings),
        new BackupArchives(settings));
    EventRecorder events = new EventRecorder(kube, clock);
    return new VaultBackupScheduleReconciler(new StatusWriter(events), events, resolver, AzureRegions.builtIn(),
        new RetryBackoff(Duration.ofMinutes(5), new Random()), clock);
  }
}

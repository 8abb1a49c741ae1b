package io.keyrotation.operator.tde;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.backup.VaultBackupScheduleReconciler;
import java.util.List;
import java.util.Map;

/**
 * Asks a VaultBackupSchedule for a run as a user would, with a new value of its
 * {@code keyrotation.io/backup-now} annotation (a merge patch of metadata only: never its spec).
 */
public class BackupRequests {
  private final KubernetesClient client;

  public BackupRequests(KubernetesClient client) {
    this.client = client;
  }

  void ask(VaultBackupSchedule schedule, String value) {
    String patch = client.getKubernetesSerialization().asJson(
        Map.of("metadata", Map.of("annotations", Map.of(VaultBackupScheduleReconciler.BACKUP_NOW, value))));
    // Addressed through the object at hand, so that the client sends only the PATCH (no GET first).
    client.resource(schedule).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
  }

  /** The schedules of a namespace read from the API server, where no informer cache is at hand. */
  List<VaultBackupSchedule> list(String namespace) {
    return client.resources(VaultBackupSchedule.class).inNamespace(namespace).list().getItems();
  }
}

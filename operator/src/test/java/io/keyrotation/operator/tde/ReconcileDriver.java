package io.keyrotation.operator.tde;

import io.keyrotation.operator.testing.ManualClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.blob.BackupArchives;
import io.keyrotation.operator.config.CredentialsResolver;
import io.keyrotation.operator.config.SecretReader;
import io.keyrotation.operator.keyvault.KeyVaultGateways;
import io.keyrotation.operator.schedule.RetryBackoff;
import io.keyrotation.operator.sqlserver.SqlServerGatewayFactory;
import io.keyrotation.operator.status.EventRecorder;
import io.keyrotation.operator.status.StatusWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Runs the TdeKeyPolicy reconciler one reconcile at a time, as JOSDK would, with a clock the test
 * moves: for points in a rotation that timers would otherwise make slow or racy. The status each
 * reconcile writes is kept as the API server would keep it (or dropped, to model a lost write).
 */
final class ReconcileDriver {
  final TdeSandbox sandbox;
  final ManualClock clock = new ManualClock();
  private final KubernetesClient kube;
  TdeKeyPolicy policy;
  private TdeKeyPolicyReconciler operator;

  ReconcileDriver(TdeSandbox sandbox, TdeKeyPolicy policy) {
    this.sandbox = sandbox;
    this.kube = sandbox.harness.operatorClient().client();
    this.policy = policy;
    policy.getMetadata().setUid(UUID.randomUUID().toString());
    policy.getMetadata().setGeneration(1L);
    policy.getMetadata().setCreationTimestamp(clock.instant().toString());
    this.operator = newOperator();
  }

  void rotateNow(String value) {
    Map<String, String> annotations = new HashMap<>(policy.getMetadata().getAnnotations() == null
        ? Map.of() : policy.getMetadata().getAnnotations());
    annotations.put(TdeKeyPolicyPlanner.ROTATE_NOW, value);
    policy.getMetadata().setAnnotations(annotations);
  }

  /** One reconcile; its status is recorded unless {@code keep} is false (the write was lost). */
  TdeKeyPolicy reconcile(boolean keep) {
    TdeKeyPolicy working = kube.getKubernetesSerialization().clone(policy);
    operator.reconcile(working, List.of(working), null, cachedSchedules(working.getMetadata().getNamespace()));
    if (keep) {
      policy = working;
    }
    return working;
  }

  TdeKeyPolicy reconcile() {
    return reconcile(true);
  }

  /** Reconciles until {@code done} holds (or gives up after {@code max}), without moving the clock. */
  TdeKeyPolicy reconcileUntil(Predicate<TdeKeyPolicy> done, int max) {
    for (int i = 0; i < max && !done.test(policy); i++) {
      reconcile();
    }
    return policy;
  }

  /** The operator process dies and a new one starts: new gateways, caches and clients; only status survives. */
  void restartOperator() {
    operator = newOperator();
  }

  /** The namespace's schedules as the informer's store keeps them where one informer watches, as deployed. */
  private List<VaultBackupSchedule> cachedSchedules(String namespace) {
    return kube.resources(VaultBackupSchedule.class).inNamespace(namespace).list().getItems().stream()
        .map(BackupBeforeUseStore::whatPoliciesRead).toList();
  }

  static boolean rotated(TdeKeyPolicy policy) {
    return policy.getStatus() != null && policy.getStatus().lastRotationTime() != null && policy.getStatus().rotation() == null;
  }

  private TdeKeyPolicyReconciler newOperator() {
    CredentialsResolver credentials = new CredentialsResolver(new SecretReader(kube));
    PolicyGatewayResolver gateways = new PolicyGatewayResolver(credentials,
        new KeyVaultGateways(sandbox.operatorConfig().keyVaultSettings()), SqlServerGatewayFactory.mssqlJdbc());
    return new TdeKeyPolicyReconciler(new StatusWriter(new EventRecorder(kube, clock)), new EventRecorder(kube, clock),
        gateways, new RetryBackoff(Duration.ofHours(1), new java.util.Random()), clock,
        new ArchivedKeys(new BackupArchives(sandbox.operatorConfig().keyVaultSettings()), credentials), new BackupRequests(kube));
  }
}

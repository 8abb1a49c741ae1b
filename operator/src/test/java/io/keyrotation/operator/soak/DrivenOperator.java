package io.keyrotation.operator.soak;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.backup.BackupTargetsResolver;
import io.keyrotation.operator.backup.VaultBackupScheduleReconciler;
import io.keyrotation.operator.blob.BackupArchives;
import io.keyrotation.operator.config.CredentialsResolver;
import io.keyrotation.operator.config.OperatorConfig;
import io.keyrotation.operator.config.SecretReader;
import io.keyrotation.operator.graph.GraphGateways;
import io.keyrotation.operator.graph.GraphSettings;
import io.keyrotation.operator.keyvault.KeyVaultGateways;
import io.keyrotation.operator.principal.KeyVaultSecretVerifier;
import io.keyrotation.operator.principal.SecretRotationServices;
import io.keyrotation.operator.principal.SecretRotationServicesFactory;
import io.keyrotation.operator.principal.ServicePrincipalRotationReconciler;
import io.keyrotation.operator.schedule.RetryBackoff;
import io.keyrotation.operator.sqlserver.SqlServerGatewayFactory;
import io.keyrotation.operator.status.EventRecorder;
import io.keyrotation.operator.status.StatusWriter;
import io.keyrotation.operator.tde.PolicyGatewayResolver;
import io.keyrotation.operator.tde.ArchivedKeys;
import io.keyrotation.operator.tde.BackupRequests;
import io.keyrotation.operator.tde.TdeKeyPolicyReconciler;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * One operator process of a soak run: the three production reconcilers, wired as
 * KeyRotationOperator wires them (new gateways, clients and caches per process), called one
 * reconcile at a time by the soak instead of by JOSDK's threads and timers, so that a seed replays
 * the same interleaving. As JOSDK does, the status a reconcile returns is written with a
 * server-side apply to the status subresource, through the operator's own client under deploy/'s RBAC.
 */
final class DrivenOperator {
  /**
   * What one reconcile did: whether the stored status changed, whether it asked JOSDK to run it again
   * at once (a next step that status does not show), and the failure it ended with, if any.
   */
  record Outcome(boolean statusChanged, boolean again, String failure) {}

  /** A reschedule this soon is "go on with the next step", not a due time: the soak runs it in the same settling. */
  static final long AT_ONCE_MILLIS = 1_000;

  final String name;
  private final KubernetesClient client;
  private final TdeKeyPolicyReconciler policies;
  private final VaultBackupScheduleReconciler schedules;
  private final ServicePrincipalRotationReconciler rotations;

  DrivenOperator(String name, KubernetesClient client, OperatorConfig config, Clock clock, long seed) {
    this.name = name;
    this.client = client;
    EventRecorder events = new EventRecorder(client, clock);
    StatusWriter statusWriter = new StatusWriter(events);
    KeyVaultGateways vaults = new KeyVaultGateways(config.keyVaultSettings());
    CredentialsResolver credentials = new CredentialsResolver(new SecretReader(client));
    // Seeded, so that the jitter of every backoff is the same when a seed is replayed.
    RetryBackoff backoff = new RetryBackoff(RetryBackoff.DEFAULT_MAX_DELAY, new Random(seed));
    policies = new TdeKeyPolicyReconciler(statusWriter, events,
        new PolicyGatewayResolver(credentials, vaults, SqlServerGatewayFactory.mssqlJdbc()), backoff, clock,
        new ArchivedKeys(new BackupArchives(config.keyVaultSettings()), credentials), new BackupRequests(client));
    schedules = new VaultBackupScheduleReconciler(statusWriter, events,
        new BackupTargetsResolver(credentials, vaults, new BackupArchives(config.keyVaultSettings())), config.azureRegions(),
        backoff, clock);
    SecretRotationServices services = new SecretRotationServices(new GraphGateways(GraphSettings.from(config)),
        new KeyVaultSecretVerifier(config.keyVaultSettings()), SqlServerGatewayFactory.mssqlJdbc(),
        (reason, attempts, now) -> now.plus(backoff.delay(Math.max(1, attempts))), SecretRotationServicesFactory.RESTART_POLL);
    rotations = new ServicePrincipalRotationReconciler(statusWriter, clock, services);
  }

  /** One reconcile of {@code kind}; its status is written unless {@code keepStatus} is false (the process died first). */
  Outcome reconcile(SoakKind kind, boolean keepStatus) {
    return switch (kind) {
      case POLICY -> reconcile(TdeKeyPolicy.class, SoakResources.POLICY, policies, TdeKeyPolicyReconciler.NAME, keepStatus);
      case SCHEDULE -> reconcile(VaultBackupSchedule.class, SoakResources.SCHEDULE, schedules, VaultBackupScheduleReconciler.NAME,
          keepStatus);
      case ROTATION -> reconcile(ServicePrincipalRotation.class, SoakResources.ROTATION, rotations,
          ServicePrincipalRotationReconciler.NAME, keepStatus);
    };
  }

  private <R extends CustomResource<?, ?>> Outcome reconcile(Class<R> type, String resourceName, Reconciler<R> reconciler,
      String fieldManager, boolean keepStatus) {
    // The operator may list and watch its kinds, not get them (deploy/rbac.yaml): read as its informer does.
    List<R> all = client.resources(type).inNamespace(SoakWorld.NS).list().getItems();
    R stored = all.stream().filter(r -> resourceName.equals(r.getMetadata().getName())).findFirst().orElseThrow();
    R working = client.getKubernetesSerialization().clone(stored);
    Context<R> context = new DrivenContext<>(client, working, all);
    R toWrite;
    String failure = null;
    boolean again = false;
    try {
      var control = reconciler.reconcile(working, context);
      toWrite = control.getResource().orElse(null);
      again = control.getScheduleDelay().filter(delay -> delay <= AT_ONCE_MILLIS).isPresent();
    } catch (Exception e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      toWrite = reconciler.updateErrorStatus(working, context, e).getResource().orElse(null);
    }
    boolean changed = toWrite != null && !Objects.equals(json(stored.getStatus()), json(toWrite.getStatus()));
    if (changed && keepStatus) {
      applyStatus(toWrite, fieldManager);
    }
    return new Outcome(changed, again, failure);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private <R extends CustomResource<?, ?>> void applyStatus(R resource, String fieldManager) {
    try {
      CustomResource patch = resource.getClass().getDeclaredConstructor().newInstance();
      patch.getMetadata().setName(resource.getMetadata().getName());
      patch.getMetadata().setNamespace(resource.getMetadata().getNamespace());
      patch.setStatus(resource.getStatus());
      client.resource(patch).subresource("status").patch(new PatchContext.Builder()
          .withPatchType(PatchType.SERVER_SIDE_APPLY).withFieldManager(fieldManager).withForce(true).build());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String json(Object status) {
    return status == null ? "null" : Serialization.asJson(status);
  }
}

package io.keyrotation.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.InformerStoppedHandler;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.keyrotation.operator.backup.BackupTargetsResolver;
import io.keyrotation.operator.backup.VaultBackupScheduleReconciler;
import io.keyrotation.operator.blob.BackupArchives;
import io.keyrotation.operator.config.CredentialsResolver;
import io.keyrotation.operator.config.OperatorConfig;
import io.keyrotation.operator.config.SecretReader;
import io.keyrotation.operator.keyvault.KeyVaultGateways;
import io.keyrotation.operator.keyvault.KeyVaultSettings;
import io.keyrotation.operator.metrics.OperatorMetrics;
import io.keyrotation.operator.principal.SecretRotationServices;
import io.keyrotation.operator.principal.SecretRotationServicesFactory;
import io.keyrotation.operator.principal.ServicePrincipalRotationReconciler;
import io.keyrotation.operator.sqlserver.SqlServerGatewayFactory;
import io.keyrotation.operator.status.EventRecorder;
import io.keyrotation.operator.status.StatusListener;
import io.keyrotation.operator.status.StatusWriter;
import io.keyrotation.operator.tde.ArchivedKeys;
import io.keyrotation.operator.tde.BackupRequests;
import io.keyrotation.operator.tde.PolicyGatewayResolver;
import io.keyrotation.operator.tde.TdeKeyPolicyReconciler;
import java.time.Clock;
import java.util.function.Consumer;

/** Builds the JOSDK operator with our three controllers; the same wiring in production and in tests. */
public final class KeyRotationOperator {

  private KeyRotationOperator() {}

  /**
   * @param onLostLeadership runs when this replica stops leading. JOSDK's own exit is off: it would
   *     call System.exit from inside a shutdown hook on SIGTERM and hang the JVM, so the caller
   *     decides whether stopping to lead means the process must end.
   */
  public static Operator create(KubernetesClient client, OperatorConfig config, Clock clock, Runnable onLostLeadership) {
    return create(client, config, clock, onLostLeadership, Metrics.NOOP, StatusListener.NONE,
        SecretRotationServicesFactory.from(config), null);
  }

  /** As above, with the ServicePrincipalRotation controller's outside world given (tests: short restart polls). */
  public static Operator create(KubernetesClient client, OperatorConfig config, Clock clock, Runnable onLostLeadership,
      SecretRotationServices secretRotation) {
    return create(client, config, clock, onLostLeadership, secretRotation, null);
  }

  /** As above, with the handler for an informer stopped for good (null: JOSDK's default, which ends the process). */
  public static Operator create(KubernetesClient client, OperatorConfig config, Clock clock, Runnable onLostLeadership,
      SecretRotationServices secretRotation, InformerStoppedHandler onInformerStopped) {
    return create(client, config, clock, onLostLeadership, Metrics.NOOP, StatusListener.NONE, secretRotation,
        onInformerStopped);
  }

  /** As above, recording into {@code metrics}: JOSDK's own, and the gauges derived from every status written. */
  public static Operator create(KubernetesClient client, OperatorConfig config, Clock clock, Runnable onLostLeadership,
      OperatorMetrics metrics) {
    return create(client, config, clock, onLostLeadership, metrics, null);
  }

  /**
   * As above, with the handler JOSDK calls when an informer stops for good (e.g. 403 on a list or
   * watch); null keeps JOSDK's default, which ends the process so that Kubernetes restarts the pod.
   */
  public static Operator create(KubernetesClient client, OperatorConfig config, Clock clock, Runnable onLostLeadership,
      OperatorMetrics metrics, InformerStoppedHandler onInformerStopped) {
    return create(client, config, clock, onLostLeadership, metrics.josdkMetrics(), metrics.statusListener(),
        SecretRotationServicesFactory.from(config), onInformerStopped);
  }

  private static Operator create(KubernetesClient client, OperatorConfig config, Clock clock, Runnable onLostLeadership,
      Metrics josdkMetrics, StatusListener statusListener, SecretRotationServices secretRotation,
      InformerStoppedHandler onInformerStopped) {
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client);
      o.withMetrics(josdkMetrics);
      if (onInformerStopped != null) {
        o.withInformerStoppedHandler(onInformerStopped);
      }
      o.withCloseClientOnStop(false);
      if (config.leaderElection()) {
        o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
            .aLeaderElectionConfiguration(config.leaseName())
            .withLeaseNamespace(config.leaderElectionNamespace())
            .withIdentity(config.instanceName())
            .withExitOnStopLeading(false)
            .withLeaderCallbacks(new LeaderCallbacks(() -> { }, onLostLeadership, leader -> { }))
            .build());
      }
    });
    EventRecorder events = new EventRecorder(client, clock);
    StatusWriter statusWriter = new StatusWriter(events, statusListener);
    KeyVaultSettings azure = config.keyVaultSettings();
    KeyVaultGateways vaults = new KeyVaultGateways(azure);
    CredentialsResolver credentials = new CredentialsResolver(new SecretReader(client));
    PolicyGatewayResolver gateways = new PolicyGatewayResolver(credentials, vaults,
        SqlServerGatewayFactory.mssqlJdbc(config.instanceName()));
    BackupArchives archives = new BackupArchives(azure);
    var backupTargets = new BackupTargetsResolver(credentials, vaults, archives);
    register(operator, new TdeKeyPolicyReconciler(statusWriter, events, gateways, config.retryBackoff(), clock,
        new ArchivedKeys(archives, credentials), new BackupRequests(client)), config);
    register(operator, new VaultBackupScheduleReconciler(statusWriter, events, backupTargets, config.azureRegions(),
        config.retryBackoff(), clock), config);
    register(operator, new ServicePrincipalRotationReconciler(statusWriter, clock, secretRotation), config);
    return operator;
  }

  private static <R extends io.fabric8.kubernetes.api.model.HasMetadata> void register(
      Operator operator, Reconciler<R> reconciler, OperatorConfig config) {
    Consumer<ControllerConfigurationOverrider<R>> namespaces = config.watchNamespaces().isEmpty()
        ? ControllerConfigurationOverrider::watchingAllNamespaces
        : o -> o.settingNamespaces(config.watchNamespaces());
    // A shard of the fleet: the same selector on every controller, so a shard sees all kinds of its resources.
    Consumer<ControllerConfigurationOverrider<R>> shard = config.labelSelector().isEmpty()
        ? o -> { } : o -> o.withLabelSelector(config.labelSelector());
    // A safety net only: due times come from each controller's DueTimeEventSource, not from polling.
    operator.register(reconciler, namespaces.andThen(shard)
        .andThen(o -> o.withReconciliationMaxInterval(config.maxReconciliationInterval()))
        .andThen(o -> o.withInformerListLimit(KubernetesClients.INFORMER_LIST_PAGE)));
  }
}

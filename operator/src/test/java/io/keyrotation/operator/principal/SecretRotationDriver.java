package io.keyrotation.operator.principal;

import io.fabric8.kubernetes.api.model.Secret;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.config.OperatorConfig;
import io.keyrotation.operator.graph.GraphGateways;
import io.keyrotation.operator.graph.GraphSettings;
import io.keyrotation.operator.sqlserver.SqlServerGatewayFactory;
import io.keyrotation.operator.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a ServicePrincipalRotation's workflow one reconcile at a time, as the reconciler does for JOSDK, against
 * {@link SecretRotationWorld}'s stand-ins, with a clock the test moves. The status a reconcile built is written to the
 * Kubernetes stand-in as JOSDK would, or dropped (a write lost when the operator died before it).
 */
final class SecretRotationDriver {
  final ManualClock clock = new ManualClock();
  private final SecretRotationWorld world;
  private final OperatorConfig config;
  private SecretRotationWorkflow workflow;
  /** The resource as the API server holds it. */
  ServicePrincipalRotation resource;
  SecretRotationSteps.Next lastNext;

  SecretRotationDriver(SecretRotationWorld world, ServicePrincipalRotation created) {
    this.world = world;
    this.config = world.operatorConfig();
    this.resource = created;
    this.workflow = newWorkflow();
  }

  /** One reconcile; its status is written to the API server unless {@code keep} is false. */
  ServicePrincipalRotation reconcile(boolean keep) {
    ServicePrincipalRotation working = world.user().getKubernetesSerialization().clone(resource);
    working.setStatus(ServicePrincipalRotationStatusBuilder.normalized(working.getStatus()));
    var status = new ServicePrincipalRotationStatusBuilder(working.getStatus(), working.getMetadata().getGeneration(), clock);
    lastNext = workflow.run(working, status);
    working.setStatus(status.build());
    if (keep) {
      record(working);
    }
    return working;
  }

  /** Records a status a reconcile built, as JOSDK's status patch would. */
  void record(ServicePrincipalRotation written) {
    resource = world.user().resource(resource).editStatus(r -> {
      r.setStatus(written.getStatus());
      return r;
    });
  }

  /** The operator process dies and a new one starts: new gateways and clients; only what the API server holds survives. */
  void restartOperator() {
    workflow = newWorkflow();
    resource = world.current();
  }

  /**
   * What the operator can change outside itself, without any secret value: the application's password credentials,
   * each Secret of the namespace (a digest of its data), each SQL Server credential's modify_date.
   */
  String externalState() {
    StringBuilder state = new StringBuilder();
    state.append("passwords ").append(world.registry.secretsOf(SecretRotationWorld.EKM_APP).stream()
        .map(s -> s.keyId().toString()).sorted().toList()).append('\n');
    for (Secret secret : world.user().secrets().inNamespace(SecretRotationWorld.NAMESPACE).list().getItems()) {
      state.append("secret ").append(secret.getMetadata().getName()).append(' ').append(digest(secret.getData())).append('\n');
    }
    for (int i = 0; i < world.sql.size(); i++) {
      state.append("sql-").append(i).append(" credentials ").append(world.credentialsModified(i)).append('\n');
    }
    return state.toString();
  }

  private SecretRotationWorkflow newWorkflow() {
    SecretRotationServices services = new SecretRotationServices(new GraphGateways(GraphSettings.from(config).withMaxRetries(0)),
        new KeyVaultSecretVerifier(config.keyVaultSettings()), SqlServerGatewayFactory.mssqlJdbc(),
        (reason, attempts, now) -> now.plusMillis(500), Duration.ofMillis(300));
    return new SecretRotationWorkflow(services, world.user(), clock);
  }

  private static String digest(Map<String, String> data) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      new TreeMap<>(data == null ? Map.<String, String>of() : data)
          .forEach((k, v) -> sha.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

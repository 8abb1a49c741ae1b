package io.keyrotation.operator.schedule;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.testing.Examples;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;

/**
 * One in-process JOSDK operator running a test reconciler against the Kubernetes API stand-in, with
 * its own client; several may run in turn against the same stand-in, as a restarted operator would.
 */
final class SchedulingOperator implements AutoCloseable {
  static final String NAMESPACE = "sched-test";

  private final KubernetesClient client;
  private final Operator operator;

  SchedulingOperator(KubernetesStandIn kubernetes, Reconciler<? extends HasMetadata> reconciler) {
    client = new KubernetesClientBuilder().withConfig(kubernetes.config()).build();
    operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
    operator.register(reconciler);
    operator.start();
  }

  /** A valid ServicePrincipalRotation (the example's spec) under a new name, created as a user would. */
  static ServicePrincipalRotation createRotation(KubernetesClient user, String name) {
    ServicePrincipalRotation rotation = Examples.load("serviceprincipalrotation.yaml", ServicePrincipalRotation.class);
    rotation.getMetadata().setName(name);
    rotation.getMetadata().setNamespace(NAMESPACE);
    return user.resource(rotation).create();
  }

  @Override
  public void close() {
    try {
      operator.stop();
    } finally {
      client.close();
    }
  }
}

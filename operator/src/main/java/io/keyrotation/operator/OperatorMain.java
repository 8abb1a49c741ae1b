package io.keyrotation.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.keyrotation.operator.config.OperatorConfig;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring only: configuration, the Kubernetes client, the controllers, the health server. */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws Exception {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("keyrotation-operator: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    AtomicBoolean stopping = new AtomicBoolean();
    Operator operator = KeyRotationOperator.create(client, config, Clock.systemUTC(), () -> {
      if (!stopping.get()) {
        // Another replica may already act; halt (not exit: the shutdown hook would wait on this thread).
        LOG.error("lost leadership; stopping so that Kubernetes restarts this replica as a standby");
        Runtime.getRuntime().halt(1);
      }
    });
    HealthServer health = new HealthServer(config.httpPort(),
        () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping.set(true);
      operator.stop();
      health.close();
      client.close();
    }, "shutdown"));
    LOG.info("keyrotation-operator starting: namespaces={}, labelSelector={}, leaderElection={} (Lease {}), health port {}",
        config.watchNamespaces().isEmpty() ? "all" : config.watchNamespaces(),
        config.labelSelector().isEmpty() ? "none" : config.labelSelector(), config.leaderElection(),
        config.leaseName(), health.port());
    operator.start();
  }
}

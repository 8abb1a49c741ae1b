package io.keyrotation.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.keyrotation.operator.config.OperatorConfig;
import io.keyrotation.operator.eventgrid.EventGridConfig;
import io.keyrotation.operator.eventgrid.EventGridServer;
import io.keyrotation.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring only: configuration, the Kubernetes client, the controllers, the health and metrics server. */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws Exception {
    OperatorConfig config;
    Optional<EventGridConfig> eventGrid;
    try {
      config = OperatorConfig.fromEnvironment(System.getenv());
      eventGrid = EventGridConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("keyrotation-operator: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    KubernetesClient client = KubernetesClients.fromEnvironment();
    AtomicBoolean stopping = new AtomicBoolean();
    OperatorMetrics metrics = new OperatorMetrics(Clock.systemUTC());
    Operator operator = KeyRotationOperator.create(client, config, Clock.systemUTC(), () -> {
      if (!stopping.get()) {
        // Another replica may already act; halt (not exit: the shutdown hook would wait on this thread).
        LOG.error("lost leadership; stopping so that Kubernetes restarts this replica as a standby");
        Runtime.getRuntime().halt(1);
      }
    }, metrics);
    HealthServer health = new HealthServer(config.httpPort(),
        () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
        metrics::scrape, OperatorMetrics.CONTENT_TYPE);
    Optional<EventGridServer> eventGridServer;
    try {
      eventGridServer = eventGrid.isEmpty() ? Optional.empty()
          : Optional.of(EventGridServer.start(eventGrid.get(), operator, Clock.systemUTC()));
    } catch (IllegalArgumentException e) {
      System.err.println("keyrotation-operator: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping.set(true);
      eventGridServer.ifPresent(EventGridServer::close);
      operator.stop();
      health.close();
      metrics.close();
      client.close();
    }, "shutdown"));
    LOG.info("keyrotation-operator starting: namespaces={}, labelSelector={}, leaderElection={} (Lease {}), health port {}",
        config.watchNamespaces().isEmpty() ? "all" : config.watchNamespaces(),
        config.labelSelector().isEmpty() ? "none" : config.labelSelector(), config.leaderElection(),
        config.leaseName(), health.port());
    operator.start();
  }
}

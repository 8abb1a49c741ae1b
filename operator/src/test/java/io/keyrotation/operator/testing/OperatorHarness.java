package io.keyrotation.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.keyrotation.operator.KeyRotationOperator;
import io.keyrotation.operator.config.OperatorConfig;
import io.keyrotation.operator.metrics.OperatorMetrics;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The operator, wired as in production, in this JVM against the Kubernetes API stand-in with the
 * committed CRDs applied, authenticated as deploy/'s ServiceAccount and authorized only by deploy/'s
 * RBAC rules (the stand-in refuses anything else with 403). The operator's client is audited;
 * {@link #user()} is a separate (admin) client, as a user's kubectl would be.
 */
public final class OperatorHarness implements AutoCloseable {
  public static final String OPERATOR_NAMESPACE = "keyrotation-system";

  private final KubernetesStandIn kubernetes;
  private final AuditedClient operatorClient;
  private final OperatorConfig config;
  private final OperatorMetrics metrics = new OperatorMetrics(Clock.systemUTC());
  private final List<Throwable> informerFailures = new CopyOnWriteArrayList<>();
  private Operator operator;
  private RuntimeException startFailure;

  private OperatorHarness(Map<String, String> environment, List<HasMetadata> rbac) {
    kubernetes = KubernetesStandIn.start();
    kubernetes.applyCrds(Path.of("../crds"));
    rbac.forEach(o -> kubernetes.client().resource(o).create());
    ServiceAccount account = DeployedRbac.serviceAccount();
    operatorClient = new AuditedClient(kubernetes.serviceAccountConfig(account.getMetadata().getNamespace(),
        account.getMetadata().getName()));
    config = OperatorConfig.fromEnvironment(environment);
    try {
      startOperator();
    } catch (RuntimeException e) {
      startFailure = e;
    }
  }

  /** Leader election on, in the operator's namespace, under deploy/'s RBAC, as deployed. */
  public static OperatorHarness start() {
    return start(Map.of());
  }

  /** As {@link #start()}, with more configuration (e.g. the sandbox's authority host and CA file). */
  public static OperatorHarness start(Map<String, String> environment) {
    OperatorHarness harness = new OperatorHarness(deployedEnvironment(environment), DeployedRbac.objects());
    if (harness.startFailure != null) {
      harness.close();
      throw harness.startFailure;
    }
    return harness;
  }

  /**
   * As {@link #start()} but under the given RBAC objects (e.g. deploy/'s with a rule taken out); a
   * failure to start is kept in {@link #startFailure()} so that the test can say why.
   */
  public static OperatorHarness startUnder(List<HasMetadata> rbac) {
    return startUnder(rbac, Map.of());
  }

  /** As {@link #startUnder(List)}, with more configuration (e.g. the other stand-ins' endpoints and CA file). */
  public static OperatorHarness startUnder(List<HasMetadata> rbac, Map<String, String> environment) {
    return new OperatorHarness(deployedEnvironment(environment), rbac);
  }

  /** As {@link #startUnder(List)}, with more configuration. */
  public static OperatorHarness startUnder(Map<String, String> environment, List<HasMetadata> rbac) {
    return new OperatorHarness(deployedEnvironment(environment), rbac);
  }

  private static Map<String, String> deployedEnvironment(Map<String, String> environment) {
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.put("POD_NAMESPACE", OPERATOR_NAMESPACE);
    env.put("KEYROTATION_HTTP_PORT", "0");
    return env;
  }

  /** Stops the operator as a crash would leave things: whatever it recorded in status stays, nothing else survives. */
  public void stopOperator() {
    operator.stop();
  }

  /** A new operator (new gateways, caches, timers) against the same Kubernetes API; it records into the same metrics. */
  public void startOperator() {
    // JOSDK's default ends the JVM (and the test run) when an informer is refused; keep the reason instead
    operator = KeyRotationOperator.create(operatorClient.client(), config, Clock.systemUTC(), () -> { }, metrics,
        (informer, error) -> informerFailures.add(error));
    operator.start();
  }

  /** Informers that stopped for good (the deployed operator would exit and be restarted). */
  public List<Throwable> informerFailures() {
    return List.copyOf(informerFailures);
  }

  public Optional<RuntimeException> startFailure() {
    return Optional.ofNullable(startFailure);
  }

  /** The stand-ins' view: what was refused, what is stored. */
  public KubernetesStandIn kubernetes() {
    return kubernetes;
  }

  public KubernetesClient user() {
    return kubernetes.client();
  }

  /** The running operator, for what OperatorMain wires beside it (the Event Grid endpoint). */
  public Operator operator() {
    return operator;
  }

  /** The metrics this operator records, as /metrics would serve them. */
  public OperatorMetrics metrics() {
    return metrics;
  }

  public AuditedClient operatorClient() {
    return operatorClient;
  }

  /** Creates or replaces every object in the files of examples/, as {@code kubectl apply -f examples/}. */
  public List<HasMetadata> applyExamples() {
    try (Stream<Path> files = Files.list(Examples.DIR)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().flatMap(this::load)
          .map(o -> user().resource(o).createOr(existing -> existing.update())).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Stream<HasMetadata> load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return user().load(in).items().stream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      operator.stop();
    } finally {
      metrics.close();
      operatorClient.client().close();
      kubernetes.close();
    }
  }
}

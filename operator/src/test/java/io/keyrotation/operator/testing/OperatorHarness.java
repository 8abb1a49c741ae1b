package io.keyrotation.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.keyrotation.operator.KeyRotationOperator;
import io.keyrotation.operator.config.OperatorConfig;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The operator, wired as in production, in this JVM against the Kubernetes API stand-in with the
 * committed CRDs applied. The operator's client is audited; {@link #user()} is a separate client,
 * as a user's kubectl would be.
 */
public final class OperatorHarness implements AutoCloseable {
  public static final String OPERATOR_NAMESPACE = "keyrotation-system";

  private final KubernetesStandIn kubernetes;
  private final AuditedClient operatorClient;
  private final OperatorConfig config;
  private Operator operator;

  private OperatorHarness(Map<String, String> environment) {
    kubernetes = KubernetesStandIn.start();
    kubernetes.applyCrds(Path.of("../crds"));
    operatorClient = new AuditedClient(kubernetes.config());
    config = OperatorConfig.fromEnvironment(environment);
    startOperator();
  }

  /** Leader election on, in the operator's namespace, as deployed. */
  public static OperatorHarness start() {
    return start(Map.of());
  }

  /** As {@link #start()}, with more configuration (e.g. the sandbox's authority host and CA file). */
  public static OperatorHarness start(Map<String, String> environment) {
    Map<String, String> env = new java.util.HashMap<>(environment);
    env.put("POD_NAMESPACE", OPERATOR_NAMESPACE);
    env.put("KEYROTATION_HTTP_PORT", "0");
    return new OperatorHarness(env);
  }

  /** Stops the operator as a crash would leave things: whatever it recorded in status stays, nothing else survives. */
  public void stopOperator() {
    operator.stop();
  }

  /** A new operator (new gateways, caches, timers) against the same Kubernetes API. */
  public void startOperator() {
    operator = KeyRotationOperator.create(operatorClient.client(), config, Clock.systemUTC(), () -> { });
    operator.start();
  }

  public KubernetesClient user() {
    return kubernetes.client();
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
      operatorClient.client().close();
      kubernetes.close();
    }
  }
}

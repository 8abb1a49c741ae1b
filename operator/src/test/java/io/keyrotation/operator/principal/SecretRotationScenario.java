package io.keyrotation.operator.principal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.List;

/**
 * A whole client secret rotation, made by an operator that runs under the given RBAC objects (deploy/'s,
 * or deploy/'s with a grant taken out) against every stand-in: Graph and the token endpoint, Key Vault
 * for the verification, two SQL Server instances and Kubernetes. It creates the staging Secret, updates
 * the target Secret and the credentials, and removes the old secret: the Secret writes the examples
 * alone never reach (they cannot sign in to Graph).
 */
public final class SecretRotationScenario implements AutoCloseable {
  private OperatorHarness harness;
  private final SecretRotationWorld world;

  private SecretRotationScenario(List<HasMetadata> rbac) throws Exception {
    try {
      world = new SecretRotationWorld(Duration.ofDays(10), Duration.ZERO, endpoints -> {
        harness = OperatorHarness.startUnder(rbac, endpoints);
        return harness.kubernetes();
      }, false);
    } catch (Exception | Error e) {
      if (harness != null) {
        harness.close();
      }
      throw e;
    }
  }

  /** The stand-ins seeded (namespace, Secrets, CA ConfigMap) and the operator started; nothing to rotate yet. */
  public static SecretRotationScenario startUnder(List<HasMetadata> rbac) throws Exception {
    return new SecretRotationScenario(rbac);
  }

  public OperatorHarness harness() {
    return harness;
  }

  /** Applies a rotation whose secret expires in 10 days (so it is due), not waiting for SQL Server restarts. */
  public void rotate() {
    world.apply("  sqlServerRestart: Ignore\n");
  }

  /** The rotation went to its end: the old secret removed, nothing in flight. */
  public boolean rotated() {
    ServicePrincipalRotation current = world.current();
    return current != null && SecretRotationEndToEndTest.finished(current);
  }

  @Override
  public void close() {
    try {
      harness.close();
    } finally {
      world.close();
    }
  }
}

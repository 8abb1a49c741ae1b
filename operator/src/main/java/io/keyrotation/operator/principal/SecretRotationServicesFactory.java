package io.keyrotation.operator.principal;

import io.keyrotation.operator.config.OperatorConfig;
import io.keyrotation.operator.graph.GraphGateways;
import io.keyrotation.operator.graph.GraphSettings;
import io.keyrotation.operator.schedule.RetryBackoff;
import io.keyrotation.operator.sqlserver.SqlServerGatewayFactory;
import java.time.Duration;
import java.util.random.RandomGenerator;

/** The production outside world of the ServicePrincipalRotation controller, from the operator's configuration. */
public final class SecretRotationServicesFactory {
  /** How often an instance is checked for its restart while a rotation waits for it. */
  public static final Duration RESTART_POLL = Duration.ofMinutes(1);

  private SecretRotationServicesFactory() {}

  public static SecretRotationServices from(OperatorConfig config) {
    return new SecretRotationServices(new GraphGateways(GraphSettings.from(config)), new KeyVaultSecretVerifier(config.keyVaultSettings()),
        SqlServerGatewayFactory.mssqlJdbc(config.instanceName()), backoff(), RESTART_POLL);
  }

  private static SecretRotationSteps.RetryPolicy backoff() {
    RetryBackoff backoff = new RetryBackoff(RetryBackoff.DEFAULT_MAX_DELAY, RandomGenerator.getDefault());
    return (reason, attempts, now) -> now.plus(backoff.delay(Math.max(1, attempts)));
  }
}

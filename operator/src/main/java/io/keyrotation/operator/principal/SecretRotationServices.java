package io.keyrotation.operator.principal;

import io.keyrotation.operator.graph.GraphGateways;
import io.keyrotation.operator.sqlserver.SqlServerGatewayFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * What the ServicePrincipalRotation controller reaches the outside world through.
 *
 * @param retry when a failed step is tried again (RetryBackoff in production)
 * @param restartPoll how often an instance is checked for its restart while the rotation waits for it
 */
public record SecretRotationServices(GraphGateways graphs, SecretVerifier verifier, SqlServerGatewayFactory sqlServers,
                                     SecretRotationSteps.RetryPolicy retry, Duration restartPoll) {
  public SecretRotationServices {
    Objects.requireNonNull(graphs, "graphs");
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(sqlServers, "sqlServers");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(restartPoll, "restartPoll");
  }
}

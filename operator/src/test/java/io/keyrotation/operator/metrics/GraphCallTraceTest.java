package io.keyrotation.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.graph.GraphGateway;
import io.keyrotation.operator.graph.GraphGateways;
import io.keyrotation.operator.graph.GraphSettings;
import io.keyrotation.operator.keyvault.AzureIdentity;
import io.keyrotation.operator.status.ExternalCall;
import io.keyrotation.operator.status.ExternalCallTrace;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.operator.status.StepScope;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.graph.GraphPermission;
import io.keyrotation.sandbox.graph.GraphStandIn;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Graph gateway's calls, through the real azure-core pipeline against the Graph stand-in, are traced on the
 * calling thread with Graph's {@code request-id} and the {@code client-request-id} the operator sent.
 */
class GraphCallTraceTest {
  static final String TENANT = "7a1b2c3d-0000-4000-8000-000000000001";
  static final String OPERATOR = "0c0ffee0-0000-4000-8000-000000000001";
  static final String EKM_APP = "e5f6a7b8-0000-4000-8000-000000000002";
  static final String NOT_OWNED = "e5f6a7b8-0000-4000-8000-000000000003";

  final SandboxTls tls = SandboxTls.generate();
  final AppRegistry registry = new AppRegistry();
  AzureAdStandIn aad;
  GraphStandIn graph;
  GraphGateway gateway;

  @BeforeEach
  void start() throws Exception {
    Instant inAYear = Instant.now().plus(365, ChronoUnit.DAYS);
    String operatorSecret = registry.registerApp(TENANT, OPERATOR, "keyrotation-operator", inAYear).secretText();
    registry.registerApp(TENANT, EKM_APP, "sqlserver-ekm", inAYear);
    registry.registerApp(TENANT, NOT_OWNED, "not owned", inAYear);
    aad = AzureAdStandIn.start(tls, registry);
    graph = GraphStandIn.start(tls, aad);
    graph.access().grant(OPERATOR, GraphPermission.APPLICATION_READ_WRITE_OWNED_BY);
    graph.access().addOwner(EKM_APP, OPERATOR);
    var caFile = tls.writeCertificatePem(Files.createTempDirectory("graph-ca").resolve("ca.pem"));
    GraphSettings settings = new GraphSettings(graph.endpoint(), aad.authorityHost(), Optional.of(caFile), true,
        Duration.ofSeconds(10), 0);
    gateway = new GraphGateways(settings).gatewayFor(AzureIdentity.clientSecret(TENANT, OPERATOR, operatorSecret));
  }

  @AfterEach
  void stop() {
    graph.close();
    aad.close();
  }

  @Test
  void aSucceededGraphCallIsTracedWithBothRequestIds() {
    AtomicReference<ExternalCall> traced = new AtomicReference<>();
    StepScope.run("AddPassword", () -> {
      gateway.passwordCredentials(EKM_APP);
      traced.set(ExternalCallTrace.last().orElse(null));
      return null;
    });

    assertThat(traced.get()).isNotNull();
    assertThat(traced.get().system()).isEqualTo("graph");
    assertThat(traced.get().operation()).isEqualTo("getApplication");
    assertThat(traced.get().outcome()).isEqualTo("success");
    assertThat(traced.get().requestId()).isNotBlank();
    assertThat(traced.get().clientRequestId()).isNotBlank().isNotEqualTo(traced.get().requestId());
  }

  @Test
  void aRefusedGraphCallTravelsWithTheFailureOutOfTheStep() {
    assertThatThrownBy(() -> StepScope.run("AddPassword", () -> gateway.passwordCredentials(NOT_OWNED)))
        .isInstanceOfSatisfying(GatewayException.class, e -> {
          ExternalCall call = e.call().orElseThrow();
          assertThat(call.system()).isEqualTo("graph");
          assertThat(call.outcome()).isEqualTo(e.reason().name());
          assertThat(call.requestId()).isNotBlank();
        });
  }
}

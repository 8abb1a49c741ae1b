package io.keyrotation.operator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyrotation.operator.keyvault.AzureIdentity;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.graph.GraphOperation;
import io.keyrotation.sandbox.graph.GraphPermission;
import io.keyrotation.sandbox.graph.GraphStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Graph gateway over azure-core's pipeline against the Graph and token stand-ins over HTTPS. */
class GraphGatewayTest {
  static final String TENANT = "7a1b2c3d-0000-4000-8000-000000000001";
  static final String OPERATOR = "0c0ffee0-0000-4000-8000-000000000001";
  static final String EKM_APP = "e5f6a7b8-0000-4000-8000-000000000002";
  static final String NOT_OWNED = "e5f6a7b8-0000-4000-8000-000000000003";

  final SandboxTls tls = SandboxTls.generate();
  final AppRegistry registry = new AppRegistry();
  AzureAdStandIn aad;
  GraphStandIn graph;
  String operatorSecret;
  String ekmSecret;
  Path caFile;

  @BeforeEach
  void start() throws Exception {
    Instant inAYear = Instant.now().plus(365, ChronoUnit.DAYS);
    operatorSecret = registry.registerApp(TENANT, OPERATOR, "keyrotation-operator", inAYear).secretText();
    ekmSecret = registry.registerApp(TENANT, EKM_APP, "sqlserver-ekm", inAYear).secretText();
    registry.registerApp(TENANT, NOT_OWNED, "not owned", inAYear);
    aad = AzureAdStandIn.start(tls, registry);
    graph = GraphStandIn.start(tls, aad);
    graph.access().grant(OPERATOR, GraphPermission.APPLICATION_READ_WRITE_OWNED_BY);
    graph.access().addOwner(EKM_APP, OPERATOR);
    caFile = tls.writeCertificatePem(Files.createTempDirectory("graph-ca").resolve("ca.pem"));
  }

  @AfterEach
  void stop() {
    graph.close();
    aad.close();
  }

  GraphGateway gateway(int retries, Duration timeout) {
    GraphSettings settings = new GraphSettings(graph.endpoint(), aad.authorityHost(), Optional.of(caFile), true, timeout, retries);
    return new GraphGateways(settings).gatewayFor(AzureIdentity.clientSecret(TENANT, OPERATOR, operatorSecret));
  }

  GraphGateway gateway() {
    return gateway(0, Duration.ofSeconds(10));
  }

  @Test
  void everyGraphAndTokenRequestNamesTheReplicaThatSentIt() {
    for (String pod : List.of("keyrotation-operator-6f9c8d7b5-x2k9p", "keyrotation-operator-6f9c8d7b5-q7w2z")) {
      graph.clearRequests();
      aad.clearTokenRequests();
      GraphSettings settings = new GraphSettings(graph.endpoint(), aad.authorityHost(), Optional.of(caFile), true,
          Duration.ofSeconds(10), 0).withInstanceName(pod);
      GraphGateway replica = new GraphGateways(settings).gatewayFor(AzureIdentity.clientSecret(TENANT, OPERATOR, operatorSecret));

      assertThat(replica.passwordCredentials(EKM_APP)).hasSize(1);

      assertThat(graph.requests()).isNotEmpty().allSatisfy(r -> {
        assertThat(r.callerAppId()).isEqualTo(OPERATOR);
        assertThat(r.userAgent()).isEqualTo("keyrotation-operator (instance " + pod + ")");
      });
      assertThat(aad.tokenRequests()).isNotEmpty()
          .allSatisfy(r -> assertThat(r.userAgent()).startsWith("keyrotation-operator (instance " + pod + ") "));
    }
  }

  @Test
  void listsPasswordCredentialsByKeyIdAndHintOnly() {
    List<PasswordCredential> credentials = gateway().passwordCredentials(EKM_APP);
    assertThat(credentials).singleElement().satisfies(c -> {
      assertThat(c.hint()).isEqualTo(ekmSecret.substring(0, 3));
      assertThat(c.keyId()).isEqualTo(registry.secretsOf(EKM_APP).get(0).keyId().toString());
      assertThat(c.endDateTime()).isAfter(Instant.now());
    });
  }

  @Test
  void addedSecretSignsInAndIsGoneOnceRemoved() {
    GraphGateway gateway = gateway();
    Instant end = Instant.now().plus(90, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    AddedPassword added = gateway.addPassword(EKM_APP, "keyrotation:ns/spr:r1", end);
    assertThat(added.credential().displayName()).isEqualTo("keyrotation:ns/spr:r1");
    assertThat(added.credential().endDateTime()).isEqualTo(end);
    assertThat(added.credential().hint()).isEqualTo(added.secretText().substring(0, 3));
    assertThat(added.toString()).doesNotContain(added.secretText());
    assertThat(registry.isValidCredential(TENANT, EKM_APP, added.secretText())).isTrue();
    assertThat(gateway.passwordCredentials(EKM_APP)).extracting(PasswordCredential::keyId).contains(added.credential().keyId());

    gateway.removePassword(EKM_APP, added.credential().keyId());
    assertThat(registry.isValidCredential(TENANT, EKM_APP, added.secretText())).isFalse();
    assertThat(registry.isValidCredential(TENANT, EKM_APP, ekmSecret)).isTrue();
  }

  @Test
  void forbiddenNamesThePermissionAndOwnershipNeeded() {
    GraphException e = catchThrowableOfType(GraphException.class, () -> gateway().addPassword(NOT_OWNED, "x", Instant.now().plusSeconds(86400)));
    assertThat(e.reason()).isEqualTo(FailureReason.Forbidden);
    assertThat(e.getMessage()).contains("Application.ReadWrite.OwnedBy", "owner of application " + NOT_OWNED, "Application.ReadWrite.All");
    assertThat(registry.secretsOf(NOT_OWNED)).hasSize(1);
  }

  @Test
  void unknownClientIdIsNotFoundWithAdvice() {
    GraphException e = catchThrowableOfType(GraphException.class,
        () -> gateway().passwordCredentials("e5f6a7b8-0000-4000-8000-0000000000ff"));
    assertThat(e.reason()).isEqualTo(FailureReason.NotFound);
    assertThat(e.getMessage()).contains("spec.application.clientId");
  }

  @Test
  void throttlingCarriesRetryAfterAndAddsNothing() {
    graph.faults().failNext(GraphOperation.ADD_PASSWORD, 1, 429, 7);
    GraphException e = catchThrowableOfType(GraphException.class, () -> gateway().addPassword(EKM_APP, "x", Instant.now().plusSeconds(86400)));
    assertThat(e.reason()).isEqualTo(FailureReason.Throttled);
    assertThat(e.retryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(registry.secretsOf(EKM_APP)).hasSize(1);
  }

  @Test
  void serviceUnavailableIsRetryable() {
    graph.faults().failNext(GraphOperation.GET_APPLICATION, 1, 503, 2);
    GraphException e = catchThrowableOfType(GraphException.class, () -> gateway().passwordCredentials(EKM_APP));
    assertThat(e.reason()).isEqualTo(FailureReason.Unavailable);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
  }

  @Test
  void readsAreRetriedAfterThrottling() {
    graph.faults().failNext(GraphOperation.GET_APPLICATION, 1, 429, 0);
    assertThat(gateway(2, Duration.ofSeconds(10)).passwordCredentials(EKM_APP)).hasSize(1);
    assertThat(graph.count(GraphOperation.GET_APPLICATION)).isEqualTo(2);
  }

  @Test
  void addPasswordIsSentOnceEvenWhenItsAnswerIsLost() {
    graph.faults().dropNextAddPasswordAnswer();
    GraphException e = catchThrowableOfType(GraphException.class,
        () -> gateway(3, Duration.ofSeconds(10)).addPassword(EKM_APP, "keyrotation:ns/spr:lost", Instant.now().plusSeconds(86400)));
    assertThat(e.reason()).isEqualTo(FailureReason.Unavailable);
    assertThat(graph.count(GraphOperation.ADD_PASSWORD)).isEqualTo(1);
    assertThat(gateway().passwordCredentials(EKM_APP)).extracting(PasswordCredential::displayName).contains("keyrotation:ns/spr:lost");
  }

  @Test
  void aSlowGraphIsUnavailableNotHung() {
    graph.faults().latency(Duration.ofSeconds(3));
    GraphException e = catchThrowableOfType(GraphException.class, () -> gateway(0, Duration.ofSeconds(1)).passwordCredentials(EKM_APP));
    assertThat(e.reason()).isEqualTo(FailureReason.Unavailable);
  }

  @Test
  void aWrongOperatorSecretIsUnauthenticatedAndNeverQuoted() {
    String wrong = "Wro8Q~not-the-operator-secret-at-all-xxxxx";
    GraphSettings settings = new GraphSettings(graph.endpoint(), aad.authorityHost(), Optional.of(caFile), true, Duration.ofSeconds(10), 0);
    GraphGateway gateway = new GraphGateways(settings).gatewayFor(AzureIdentity.clientSecret(TENANT, OPERATOR, wrong));
    GraphException e = catchThrowableOfType(GraphException.class, () -> gateway.passwordCredentials(EKM_APP));
    assertThat(e.reason()).isEqualTo(FailureReason.Unauthenticated);
    assertThat(e.getMessage()).doesNotContain(wrong).contains("spec.graphCredentials");
  }

  @Test
  void theLimitOfPasswordsIsExplained() {
    GraphGateway gateway = gateway();
    gateway.addPassword(EKM_APP, "second", Instant.now().plusSeconds(86400));
    GraphException e = catchThrowableOfType(GraphException.class, () -> gateway.addPassword(EKM_APP, "third", Instant.now().plusSeconds(86400)));
    assertThat(e.reason()).isEqualTo(FailureReason.InvalidRequest);
    assertThat(e.getMessage()).contains("maximum of 2", "never the one the targets use now");
  }
}

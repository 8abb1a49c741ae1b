package io.keyrotation.operator.principal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.keyrotation.operator.api.principal.SecretRotationProgress.TargetState;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.sandbox.graph.GraphOperation;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a rotation does when Graph, the new secret or a SQL Server instance fails. */
class SecretRotationFaultsTest {
  static final Duration PATIENCE = Duration.ofSeconds(60);

  SecretRotationWorld world;

  @BeforeEach
  void start() throws Exception {
    world = new SecretRotationWorld(Duration.ofDays(10));
  }

  @AfterEach
  void stop() {
    try {
      world.invariants().assertHold();
    } finally {
      world.close();
    }
  }

  @Test
  void graphForbiddenChangesNothingAndNamesThePermissionNeeded() {
    world.graph.access().revokeAll(SecretRotationWorld.OPERATOR_APP);
    world.startOperator();
    world.apply("");

    ServicePrincipalRotation refused = await().atMost(PATIENCE).until(world::current, r -> reason(r).equals("Forbidden"));
    assertThat(ready(refused).getMessage()).contains("Application.ReadWrite.OwnedBy", "Application.ReadWrite.All");
    assertThat(condition(refused, "Degraded").getStatus()).isEqualTo("True");
    assertThat(world.registry.secretsOf(SecretRotationWorld.EKM_APP)).hasSize(1);
    assertThat(world.graph.count(GraphOperation.ADD_PASSWORD)).isZero();
    assertThat(stagingSecretExists()).isFalse();
  }

  @Test
  void throttlingAndServerErrorsAreRetriedToTheEndWithoutADuplicate() {
    world.graph.faults().failNext(GraphOperation.GET_APPLICATION, 1, 503, 1);
    world.graph.faults().failNext(GraphOperation.ADD_PASSWORD, 1, 429, 1);
    world.startOperator();
    world.apply("  sqlServerRestart: Ignore\n");

    await().atMost(PATIENCE).until(world::current, SecretRotationEndToEndTest::finished);
    assertThat(world.registry.secretsOf(SecretRotationWorld.EKM_APP)).singleElement()
        .satisfies(s -> assertThat(s.keyId().toString()).isEqualTo(world.current().getStatus().currentSecret().keyId()));
    assertThat(world.graph.requests()).filteredOn(r -> r.operation() == GraphOperation.ADD_PASSWORD)
        .extracting(r -> r.status()).containsExactly(429, 200);
  }

  @Test
  void aSecretThatFailsVerificationIsNotDistributed() {
    world.vault.revoke(SecretRotationWorld.EKM_APP, KeyPermission.WRAP_KEY);
    var credentialsBefore = java.util.List.of(world.credentialsModified(0), world.credentialsModified(1));
    world.startOperator();
    world.apply("");

    ServicePrincipalRotation stopped = await().atMost(PATIENCE).until(world::current, r -> reason(r).equals("VerificationFailed"));
    assertThat(ready(stopped).getMessage()).contains("not distributed", "wrapKey");
    assertThat(targetSecretValue()).isEqualTo(world.firstEkmSecret);
    assertThat(java.util.List.of(world.credentialsModified(0), world.credentialsModified(1))).isEqualTo(credentialsBefore);
    assertThat(world.registry.isValidCredential(SecretRotationWorld.TENANT, SecretRotationWorld.EKM_APP, world.firstEkmSecret)).isTrue();
    assertThat(world.graph.count(GraphOperation.REMOVE_PASSWORD)).isZero();
  }

  @Test
  void oneInstanceDownHoldsNoOtherTargetBackAndKeepsTheOldSecret() throws Exception {
    SqlServerStandIn down = world.sql.get(1);
    int port = down.port();
    down.close();
    world.startOperator();
    world.apply("  sqlServerRestart: Ignore\n");

    // sql-0 proceeds (its modify_date recorded, then its ALTERs) while sql-1 is pending.
    ServicePrincipalRotation pending = await().atMost(PATIENCE).until(world::current, r -> reason(r).equals("TargetsPending")
        && r.getStatus().rotation().targets().stream().filter(t -> "sql-0".equals(t.instance()))
            .allMatch(t -> t.state() == TargetState.Updated));
    assertThat(ready(pending).getMessage()).contains("SQL Server sql-1:").doesNotContain("sql-0");
    assertThat(targetSecretValue()).isNotEqualTo(world.firstEkmSecret);
    assertThat(world.registry.isValidCredential(SecretRotationWorld.TENANT, SecretRotationWorld.EKM_APP, world.firstEkmSecret)).isTrue();

    world.sql.set(1, SqlServerStandIn.start(down.instance(), SqlServerStandIn.Options.withTls(world.tls).onPort(port)));
    await().atMost(PATIENCE).until(world::current, SecretRotationEndToEndTest::finished);
    assertThat(world.registry.secretsOf(SecretRotationWorld.EKM_APP)).hasSize(1);
  }

  boolean stagingSecretExists() {
    return world.user().secrets().inNamespace(SecretRotationWorld.NAMESPACE).withName("ekm-connector-client-secret").get() != null;
  }

  String targetSecretValue() {
    var target = world.user().secrets().inNamespace(SecretRotationWorld.NAMESPACE).withName("ekm-service-principal").get();
    return new String(Base64.getDecoder().decode(target.getData().get("clientSecret")), StandardCharsets.UTF_8);
  }

  static String reason(ServicePrincipalRotation r) {
    return r.getStatus() == null || r.getStatus().conditions() == null ? "" : r.getStatus().conditions().stream()
        .filter(c -> c.getType().equals("Ready")).map(Condition::getReason).findFirst().orElse("");
  }

  static Condition ready(ServicePrincipalRotation r) {
    return condition(r, "Ready");
  }

  static Condition condition(ServicePrincipalRotation r, String type) {
    return r.getStatus().conditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
  }
}

package io.keyrotation.operator.principal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.keyrotation.operator.api.principal.SecretRotationStep;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.graph.GraphOperation;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client secret nearing expiry, rotated by the operator against every stand-in over real sockets. */
class SecretRotationEndToEndTest {
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
  void rotatesASecretNearingExpiryAndRemovesTheOldOneOnlyAfterBothInstancesRestarted() {
    world.startOperator();
    world.apply("");

    ServicePrincipalRotation awaiting = await().atMost(PATIENCE).until(world::current, r -> inStep(r, SecretRotationStep.AwaitRestart)
        && ready(r).getReason().equals("AwaitingRestart"));
    String oldKeyId = awaiting.getStatus().previousSecret().keyId();
    String newKeyId = awaiting.getStatus().currentSecret().keyId();
    assertThat(newKeyId).isEqualTo(awaiting.getStatus().rotation().newKeyId()).isNotEqualTo(oldKeyId);
    String newSecret = stagedSecret();
    assertThat(world.registry.isValidCredential(SecretRotationWorld.TENANT, SecretRotationWorld.EKM_APP, newSecret)).isTrue();
    assertThat(targetSecretValue()).isEqualTo(newSecret);
    assertThat(ready(awaiting).getReason()).isEqualTo("AwaitingRestart");
    assertThat(ready(awaiting).getMessage()).contains("sql-0", "sql-1");
    // Both instances hold the new secret in both credentials (the TDE one and the operator login's), but keep using the cached old one.
    assertThat(awaiting.getStatus().rotation().targets())
        .filteredOn(t -> t.kind().name().equals("SqlServerCredential"))
        .extracting(t -> t.instance() + "/" + t.name())
        .containsExactlyInAnyOrder("sql-0/" + SqlServerDemo.TDE_CREDENTIAL, "sql-0/" + SqlServerDemo.OPERATOR_CREDENTIAL,
            "sql-1/" + SqlServerDemo.TDE_CREDENTIAL, "sql-1/" + SqlServerDemo.OPERATOR_CREDENTIAL);
    assertDatabasesReadable();

    world.sql.get(0).instance().restart();
    assertDatabasesReadable();
    await().atMost(PATIENCE).until(() -> world.current().getStatus().rotation().targets().stream()
        .filter(t -> "sql-0".equals(t.instance())).allMatch(t -> t.state().name().equals("Restarted")));
    assertThat(world.current().getStatus().rotation().step()).isEqualTo(SecretRotationStep.AwaitRestart);
    assertThat(world.registry.secretsOf(SecretRotationWorld.EKM_APP)).extracting(s -> s.keyId().toString()).contains(oldKeyId);

    world.sql.get(1).instance().restart();
    assertDatabasesReadable();
    ServicePrincipalRotation done = await().atMost(PATIENCE).until(world::current, SecretRotationEndToEndTest::finished);
    assertThat(ServicePrincipalRotationStatusBuilder.normalized(done.getStatus()).previousSecret()).isNull();
    assertThat(done.getStatus().lastRotationTime()).isNotNull();
    assertThat(ready(done).getStatus()).isEqualTo("True");
    assertThat(world.registry.secretsOf(SecretRotationWorld.EKM_APP)).extracting(s -> s.keyId().toString()).containsExactly(newKeyId);
    assertThat(world.registry.isValidCredential(SecretRotationWorld.TENANT, SecretRotationWorld.EKM_APP, world.firstEkmSecret)).isFalse();
    world.sql.forEach(s -> s.instance().reopenAllDatabases());
    assertDatabasesReadable();
    assertThat(done.getStatus().toString()).doesNotContain(newSecret).doesNotContain(world.firstEkmSecret);
  }

  @Test
  void anAddPasswordWhoseAnswerIsLostLeavesNoOrphanBehind() {
    world.graph.faults().dropNextAddPasswordAnswer();
    world.startOperator();
    world.apply("  sqlServerRestart: Ignore\n");

    await().atMost(PATIENCE).until(world::current, SecretRotationEndToEndTest::finished);
    assertThat(world.graph.count(GraphOperation.ADD_PASSWORD)).isEqualTo(2);
    assertThat(world.graph.count(GraphOperation.REMOVE_PASSWORD)).as("the orphan, then the old secret").isEqualTo(2);
    List<AppRegistry.PasswordCredential> left = world.registry.passwordCredentialsOf(SecretRotationWorld.EKM_APP);
    assertThat(left).singleElement().satisfies(c -> assertThat(c.keyId().toString())
        .isEqualTo(world.current().getStatus().currentSecret().keyId()));
    assertThat(world.registry.isValidCredential(SecretRotationWorld.TENANT, SecretRotationWorld.EKM_APP, stagedSecret())).isTrue();
  }

  @Test
  void aRestartedOperatorResumesWithoutApplyingTwiceOrRemovingEarly() {
    world.startOperator();
    world.apply("");
    ServicePrincipalRotation awaiting = awaitStep(SecretRotationStep.AwaitRestart);
    var appliedOnce = List.of(world.credentialsModified(0), world.credentialsModified(1));
    world.restartOperator();
    world.sql.get(0).instance().restart();
    await().atMost(PATIENCE).until(() -> world.current().getStatus().rotation().targets().stream()
        .filter(t -> "sql-0".equals(t.instance())).allMatch(t -> t.state().name().equals("Restarted")));
    // Another operator restart while sql-1 is still pending: no removal, no second ALTER (which would re-arm sql-0's check).
    world.restartOperator();
    world.sql.get(1).instance().restart();
    await().atMost(PATIENCE).until(world::current, SecretRotationEndToEndTest::finished);
    assertThat(world.registry.secretsOf(SecretRotationWorld.EKM_APP)).extracting(s -> s.keyId().toString())
        .containsExactly(awaiting.getStatus().currentSecret().keyId());
    assertThat(world.graph.count(GraphOperation.ADD_PASSWORD)).isEqualTo(1);
    assertThat(world.graph.count(GraphOperation.REMOVE_PASSWORD)).isEqualTo(1);
    assertThat(List.of(world.credentialsModified(0), world.credentialsModified(1))).as("no credential altered twice").isEqualTo(appliedOnce);
  }

  ServicePrincipalRotation awaitStep(SecretRotationStep step) {
    return await().atMost(PATIENCE).until(world::current, r -> inStep(r, step));
  }

  static boolean inStep(ServicePrincipalRotation r, SecretRotationStep step) {
    return r.getStatus() != null && r.getStatus().rotation() != null && r.getStatus().rotation().step() == step;
  }

  /** A rotation ran and ended (a cleared status field may read back as an empty object from the Kubernetes stand-in). */
  static boolean finished(ServicePrincipalRotation r) {
    var status = ServicePrincipalRotationStatusBuilder.normalized(r.getStatus());
    return status != null && status.rotation() == null && status.lastRotationTime() != null;
  }

  String stagedSecret() {
    Secret staged = world.user().secrets().inNamespace(SecretRotationWorld.NAMESPACE).withName("ekm-connector-client-secret").get();
    return new String(Base64.getDecoder().decode(staged.getData().get("clientSecret")), StandardCharsets.UTF_8);
  }

  String targetSecretValue() {
    Secret target = world.user().secrets().inNamespace(SecretRotationWorld.NAMESPACE).withName("ekm-service-principal").get();
    return new String(Base64.getDecoder().decode(target.getData().get("clientSecret")), StandardCharsets.UTF_8);
  }

  void assertDatabasesReadable() {
    for (SqlServerStandIn server : world.sql) {
      server.instance().reopenAllDatabases();
      for (String database : SqlServerDemo.DATABASES) {
        assertThat(server.instance().databaseState(database)).as(server.instance().name() + "/" + database).isEqualTo("ONLINE");
      }
    }
  }

  static Condition ready(ServicePrincipalRotation r) {
    return r.getStatus().conditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
  }
}

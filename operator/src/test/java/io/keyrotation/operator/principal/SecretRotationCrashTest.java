package io.keyrotation.operator.principal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyrotation.operator.api.principal.SecretRotationProgress.TargetState;
import io.keyrotation.operator.api.principal.SecretRotationStep;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.sandbox.graph.GraphOperation;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator is stopped and a new one started while the rotation stands at each step: the new
 * secret cannot wrap yet (VerifyNewSecret), one instance is down (UpdateTargets), instances have
 * not restarted (AwaitRestart). Nothing may be lost, duplicated or removed early.
 */
class SecretRotationCrashTest {
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
  void resumesAfterARestartAtEveryStepWithNothingLostDuplicatedOrRemovedEarly() throws Exception {
    SqlServerStandIn down = world.sql.get(1);
    int port = down.port();
    down.close();
    world.vault.revoke(SecretRotationWorld.EKM_APP, KeyPermission.WRAP_KEY);
    world.startOperator();
    world.apply("");

    ServicePrincipalRotation verifying = await().atMost(PATIENCE).until(world::current,
        r -> SecretRotationFaultsTest.reason(r).equals("VerificationFailed"));
    String newKeyId = verifying.getStatus().rotation().newKeyId();
    world.restartOperator();
    // The cause fixed, the user asks for the stopped rotation to go on.
    world.vault.grant(SecretRotationWorld.EKM_APP, KeyPermission.WRAP_KEY);
    world.user().resources(ServicePrincipalRotation.class).inNamespace(SecretRotationWorld.NAMESPACE).withName("ekm-connector")
        .edit(r -> {
          var annotations = new java.util.HashMap<>(r.getMetadata().getAnnotations() == null ? java.util.Map.of() : r.getMetadata().getAnnotations());
          annotations.put("keyrotation.io/rotate-now", "after-fixing-wrapkey");
          r.getMetadata().setAnnotations(annotations);
          return r;
        });

    await().atMost(PATIENCE).until(world::current, r -> SecretRotationEndToEndTest.inStep(r, SecretRotationStep.UpdateTargets)
        && r.getStatus().rotation().targets().stream().filter(t -> "sql-0".equals(t.instance()))
            .allMatch(t -> t.state() == TargetState.Updated));
    world.restartOperator();
    world.sql.set(1, SqlServerStandIn.start(down.instance(), SqlServerStandIn.Options.withTls(world.tls).onPort(port)));

    ServicePrincipalRotation awaiting = await().atMost(PATIENCE).until(world::current,
        r -> SecretRotationEndToEndTest.inStep(r, SecretRotationStep.AwaitRestart));
    var appliedOnce = List.of(world.credentialsModified(0), world.credentialsModified(1));
    world.restartOperator();
    assertThat(world.registry.isValidCredential(SecretRotationWorld.TENANT, SecretRotationWorld.EKM_APP, world.firstEkmSecret))
        .as("the old secret stays while the instances have not restarted").isTrue();

    world.sql.forEach(s -> s.instance().restart());
    await().atMost(PATIENCE).until(world::current, SecretRotationEndToEndTest::finished);

    assertThat(awaiting.getStatus().currentSecret().keyId()).isEqualTo(newKeyId);
    assertThat(world.graph.count(GraphOperation.ADD_PASSWORD)).as("one new password, never a second").isEqualTo(1);
    assertThat(world.registry.secretsOf(SecretRotationWorld.EKM_APP)).extracting(s -> s.keyId().toString()).containsExactly(newKeyId);
    assertThat(List.of(world.credentialsModified(0), world.credentialsModified(1))).as("no credential altered twice").isEqualTo(appliedOnce);
    assertThat(world.registry.isValidCredential(SecretRotationWorld.TENANT, SecretRotationWorld.EKM_APP, world.firstEkmSecret)).isFalse();
    assertThat(world.current().getStatus().lastManualTrigger()).as("the trigger handled by the running rotation")
        .isEqualTo("after-fixing-wrapkey");
  }
}

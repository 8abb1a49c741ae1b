package io.keyrotation.operator.principal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyrotation.operator.api.principal.SecretRotationStep;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.sandbox.graph.GraphOperation;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator dies after every reconcile of a client secret rotation (every step: the new password and its staging
 * Secret, verification, each target switch, the restart wait, the grace period, the removal), either before that
 * reconcile's status was written or right after, and a new operator with no memory continues from what the API server
 * holds. The crash points come from a rotation without a crash, so a new step gets its own without editing this test.
 * Either way the rotation ends with one password on the application (the one every target holds), no password added
 * or removed twice, and no credential altered twice; the key-safety invariants hold after every reconcile.
 */
class SecretRotationCrashMatrixTest {
  static final int MAX_RECONCILES = 60;

  enum Crash { BeforeStatusWrite, AfterStatusWrite }

  /** A rotation without a crash: what each reconcile did (its step and how many external changes it made). */
  static final Run DRY_RUN = dryRun();
  static final List<String> RECONCILES = DRY_RUN.log();

  static Stream<Arguments> crashPoints() {
    return IntStream.rangeClosed(1, RECONCILES.size()).boxed()
        .flatMap(r -> Arrays.stream(Crash.values()).map(mode -> Arguments.of(r, RECONCILES.get(r - 1), mode)));
  }

  /**
   * Every step is a crash point: each recorded step has reconciles of its own; SaveSecret happens in the reconcile of
   * AddPassword (a crash between the two is the next test) and RemoveOldPassword in the one that leaves GracePeriod.
   */
  @Test
  void aRotationWithoutACrashPassesThroughEveryStep() {
    List<String> recorded = Arrays.stream(SecretRotationStep.values())
        .filter(s -> s != SecretRotationStep.SaveSecret && s != SecretRotationStep.RemoveOldPassword).map(Enum::name).toList();
    assertThat(String.join("\n", RECONCILES)).contains(recorded).contains("GracePeriod -> idle (1 changes)");
  }

  @ParameterizedTest(name = "operator dies after reconcile {0} ({1}), {2}")
  @MethodSource("crashPoints")
  void aNewOperatorFinishesWithOnePasswordAndNothingRepeated(int crashAfter, String reconcile, Crash mode) throws Exception {
    try (SecretRotationWorld world = new SecretRotationWorld(Duration.ofDays(10))) {
      SecretRotationDriver driver = new SecretRotationDriver(world, world.apply(""));
      Run run = rotate(world, driver, r -> r == crashAfter ? mode : null);

      assertThat(run.crashed()).as("the operator died after reconcile %d; reconciles: %s", crashAfter, run.log()).isTrue();
      assertRotatedOnce(world, driver, run);
      assertThat(world.graph.count(GraphOperation.ADD_PASSWORD)).as("one new password, never a second").isEqualTo(1);
      assertThat(world.graph.count(GraphOperation.REMOVE_PASSWORD)).as("the old password removed once").isEqualTo(1);
      assertThat(run.changes()).as("external changes in the whole rotation, as without a crash; reconciles: %s", run.log())
          .isEqualTo(DRY_RUN.changes());
    }
  }

  @Test
  void aPasswordAddedWhoseStagingSecretWasNeverWrittenIsRemovedAndReplaced() throws Exception {
    try (SecretRotationWorld world = new SecretRotationWorld(Duration.ofDays(10))) {
      ServicePrincipalRotation created = world.apply("");
      SecretRotationDriver driver = new SecretRotationDriver(world, created);
      for (int i = 0; i < MAX_RECONCILES && !SecretRotationEndToEndTest.inStep(driver.resource, SecretRotationStep.AddPassword); i++) {
        driver.reconcile(true);
      }
      // The operator dies between Graph's addPassword and the staging Secret's write (shown only once: now lost).
      world.kubernetes.faults().failNextWrites("secrets", SecretRotationWorld.NAMESPACE, StagingSecret.nameOf(created), 10, 503);
      assertThatThrownBy(() -> driver.reconcile(false)).isInstanceOf(KubernetesClientException.class);
      world.kubernetes.faults().clear();
      assertThat(world.registry.secretsOf(SecretRotationWorld.EKM_APP)).as("the orphan, beside the current one").hasSize(2);
      driver.restartOperator();

      Run run = rotate(world, driver, r -> null);

      assertRotatedOnce(world, driver, run);
      assertThat(world.graph.count(GraphOperation.ADD_PASSWORD)).as("the orphan, then its replacement").isEqualTo(2);
      assertThat(world.graph.count(GraphOperation.REMOVE_PASSWORD)).as("the orphan, then the old password").isEqualTo(2);
    }
  }

  private static void assertRotatedOnce(SecretRotationWorld world, SecretRotationDriver driver, Run run) {
    assertThat(SecretRotationEndToEndTest.finished(driver.resource)).as("rotation finished; reconciles: %s", run.log()).isTrue();
    String current = driver.resource.getStatus().currentSecret().keyId();
    assertThat(world.registry.secretsOf(SecretRotationWorld.EKM_APP)).as("no orphan password left")
        .extracting(s -> s.keyId().toString()).containsExactly(current);
    assertThat(world.registry.holdsSecret(SecretRotationWorld.EKM_APP, targetSecretValue(world)))
        .as("the Kubernetes Secret target holds the application's password").isTrue();
    assertThat(world.registry.isValidCredential(SecretRotationWorld.TENANT, SecretRotationWorld.EKM_APP, world.firstEkmSecret))
        .as("the old secret is gone").isFalse();
    world.sql.forEach(s -> assertThat(s.instance().cachedEkmSecrets()).as("%s signed in with the new secret", s.instance().name())
        .isNotEmpty());
    world.invariants().assertHold();
  }

  record Run(int changes, boolean crashed, List<String> log) {}

  interface CrashPlan {
    /** How the operator dies after reconcile {@code r} (1-based), or null when it lives on. */
    Crash after(int r);
  }

  /**
   * Reconciles until the rotation ends. Between reconciles the world goes on as it would: a DBA restarts SQL Server
   * when the rotation waits for it, and the clock moves to the time the operator asked to be woken at.
   */
  static Run rotate(SecretRotationWorld world, SecretRotationDriver driver, CrashPlan plan) throws InterruptedException {
    int changes = 0;
    boolean crashed = false;
    List<String> log = new ArrayList<>();
    String before = driver.externalState();
    for (int r = 1; r <= MAX_RECONCILES && !SecretRotationEndToEndTest.finished(driver.resource); r++) {
      String stepBefore = step(driver.resource);
      ServicePrincipalRotation written = driver.reconcile(false);
      String after = driver.externalState();
      int changed = changedLines(before, after);
      changes += changed;
      before = after;
      log.add(stepBefore + " -> " + step(written) + " (" + changed + " changes)");
      world.invariants().assertHold();
      Crash crash = crashed ? null : plan.after(r);
      if (crash != Crash.BeforeStatusWrite) {
        driver.record(written);
      }
      if (crash != null) {
        crashed = true;
        driver.restartOperator();
      }
      if (SecretRotationEndToEndTest.inStep(written, SecretRotationStep.AwaitRestart) && !driver.lastNext.immediately()) {
        Thread.sleep(20); // sqlserver_start_time strictly after the credential's modify_date
        world.sql.forEach(s -> s.instance().restart());
      }
      Instant wakeAt = driver.lastNext.wakeAt();
      if (wakeAt != null && wakeAt.isAfter(driver.clock.instant())) {
        driver.clock.advance(Duration.between(driver.clock.instant(), wakeAt));
      }
    }
    return new Run(changes, crashed, log);
  }

  private static Run dryRun() {
    try (SecretRotationWorld world = new SecretRotationWorld(Duration.ofDays(10))) {
      SecretRotationDriver driver = new SecretRotationDriver(world, world.apply(""));
      Run run = rotate(world, driver, r -> null);
      if (!SecretRotationEndToEndTest.finished(driver.resource)) {
        throw new IllegalStateException("the rotation without a crash did not finish: " + run.log());
      }
      return run;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String step(ServicePrincipalRotation resource) {
    var status = ServicePrincipalRotationStatusBuilder.normalized(resource.getStatus());
    return status == null || status.rotation() == null ? "idle" : status.rotation().step().name();
  }

  private static String targetSecretValue(SecretRotationWorld world) {
    Secret target = world.user().secrets().inNamespace(SecretRotationWorld.NAMESPACE).withName("ekm-service-principal").get();
    return new String(Base64.getDecoder().decode(target.getData().get("clientSecret")), StandardCharsets.UTF_8);
  }

  private static int changedLines(String before, String after) {
    Set<String> old = Set.copyOf(before.lines().toList());
    Set<String> now = Set.copyOf(after.lines().toList());
    return (int) Math.max(now.stream().filter(l -> !old.contains(l)).count(), old.stream().filter(l -> !now.contains(l)).count());
  }
}

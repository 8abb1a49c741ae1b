package io.keyrotation.operator.schedule;

import static io.keyrotation.operator.schedule.DueFromStatusReconciler.Decision.RAN_DUE_WORK;
import static io.keyrotation.operator.schedule.DueFromStatusReconciler.Decision.SCHEDULED_FIRST;
import static io.keyrotation.operator.schedule.DueFromStatusReconciler.Decision.WOKE_LATER;
import static io.keyrotation.operator.schedule.SchedulingOperator.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Quartz keeps nothing across a restart; the due time in status does. A first operator records a
 * due time and stops before it; a second one, started fresh against the same API server, derives
 * the wake-up from status alone.
 */
class WakeUpsAfterRestartTest {
  static final Duration PATIENCE = Duration.ofSeconds(30);
  /** Long enough that the first operator is surely stopped before it. */
  static final Duration FIRST_DUE_IN = Duration.ofSeconds(3);

  KubernetesStandIn kubernetes;

  @BeforeEach
  void start() {
    kubernetes = KubernetesStandIn.start();
    kubernetes.applyCrds(Path.of("../crds"));
  }

  @AfterEach
  void stop() {
    kubernetes.close();
  }

  @Test
  void aRestartedOperatorWakesAtTheDueTimeRecordedInStatus() {
    Instant due = dueTimeRecordedByAFirstOperatorThatThenStops("restarted");

    var second = new DueFromStatusReconciler(FIRST_DUE_IN);
    try (var operator = new SchedulingOperator(kubernetes, second)) {
      ResourceID id = new ResourceID("restarted", NAMESPACE);
      await().atMost(PATIENCE).until(() -> second.decisions().contains(WOKE_LATER));
      assertThat(second.wakeUps.scheduledWakeUp(id)).hasValueSatisfying(wake ->
          assertThat(wake).as("the due time, rounded up to Quartz's milliseconds").isBetween(due, due.plusMillis(1)));

      await().atMost(PATIENCE).until(() -> second.decisions().contains(RAN_DUE_WORK));
      assertThat(second.decisions()).containsExactly(WOKE_LATER, RAN_DUE_WORK);
      assertThat(second.reconciles.get(1).at()).isAfterOrEqualTo(due);
      assertThat(second.wakeUps.scheduledWakeUp(id)).isEmpty();
    }
    assertThat(rotation("restarted").getStatus().lastRotationTime()).isNotNull();
    assertThat(rotation("restarted").getStatus().nextRotationTime()).isNull();
  }

  @Test
  void aDueTimeMissedWhileNoOperatorRanIsHandledOnStart() {
    Instant due = dueTimeRecordedByAFirstOperatorThatThenStops("missed");
    await().atMost(PATIENCE).until(() -> Instant.now().isAfter(due));

    var second = new DueFromStatusReconciler(FIRST_DUE_IN);
    try (var operator = new SchedulingOperator(kubernetes, second)) {
      await().atMost(PATIENCE).until(() -> second.decisions().contains(RAN_DUE_WORK));
      assertThat(second.decisions()).containsExactly(RAN_DUE_WORK);
    }
  }

  private Instant dueTimeRecordedByAFirstOperatorThatThenStops(String name) {
    var first = new DueFromStatusReconciler(FIRST_DUE_IN);
    try (var operator = new SchedulingOperator(kubernetes, first)) {
      SchedulingOperator.createRotation(kubernetes.client(), name);
      await().atMost(PATIENCE).until(() -> rotation(name).getStatus() != null && rotation(name).getStatus().nextRotationTime() != null);
    }
    assertThat(first.decisions()).as("stopped before the due time").containsExactly(SCHEDULED_FIRST);
    return Instant.parse(rotation(name).getStatus().nextRotationTime());
  }

  private ServicePrincipalRotation rotation(String name) {
    return kubernetes.client().resources(ServicePrincipalRotation.class).inNamespace(NAMESPACE).withName(name).get();
  }
}

package io.keyrotation.operator.schedule;

import static io.keyrotation.operator.schedule.SchedulingOperator.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wake-up event source inside a real JOSDK operator against the Kubernetes API stand-in: only a
 * wake-up causes a second reconcile (the test reconciler writes nothing, so no other event comes).
 * Assertions are on order and occurrence, never on how long anything took.
 */
class DueTimeEventSourceTest {
  static final Duration PATIENCE = Duration.ofSeconds(30);
  static final Duration SOON = Duration.ofMillis(300);

  static KubernetesStandIn kubernetes;
  static CountingReconciler reconciler;
  static SchedulingOperator operator;

  @BeforeAll
  static void start() {
    kubernetes = KubernetesStandIn.start();
    kubernetes.applyCrds(Path.of("../crds"));
    reconciler = new CountingReconciler();
    operator = new SchedulingOperator(kubernetes, reconciler);
  }

  @AfterAll
  static void stop() {
    try {
      operator.close();
    } finally {
      kubernetes.close();
    }
  }

  @Test
  void wakesTheResourceAtTheGivenInstantAndNoOther() {
    ResourceID woken = created("woken");
    ResourceID untouched = created("untouched");

    Instant when = Instant.now().plus(SOON);
    reconciler.wakeUps.wakeAt(woken, when);

    List<Instant> reconciles = awaitReconciles(woken, 2);
    assertThat(reconciles.get(1)).as("never before the instant").isAfterOrEqualTo(when);
    assertThat(reconciler.reconcilesOf(untouched.getName())).hasSize(1);
    assertThat(reconciler.wakeUps.scheduledWakeUp(woken)).as("a wake-up fires once").isEmpty();
  }

  @Test
  void aNewWakeUpReplacesTheEarlierOne() {
    ResourceID later = created("replaced-by-later");
    Instant inAnHour = Instant.now().truncatedTo(ChronoUnit.MILLIS).plus(Duration.ofHours(1));
    reconciler.wakeUps.wakeAt(later, inAnHour);
    reconciler.wakeUps.wakeAt(later, inAnHour.plus(Duration.ofHours(1)));
    assertThat(reconciler.wakeUps.scheduledWakeUp(later))
        .contains(inAnHour.plus(Duration.ofHours(1)));

    ResourceID sooner = created("replaced-by-sooner");
    reconciler.wakeUps.wakeAt(sooner, inAnHour);
    reconciler.wakeUps.wakeAt(sooner, Instant.now().plus(SOON));
    awaitReconciles(sooner, 2);
    assertThat(reconciler.wakeUps.scheduledWakeUp(sooner)).as("the hour-later wake-up was replaced, not kept").isEmpty();
  }

  @Test
  void aCancelledWakeUpNeverFires() {
    ResourceID cancelled = created("cancelled");
    ResourceID sibling = created("cancel-sibling");

    Instant when = Instant.now().plus(SOON);
    reconciler.wakeUps.wakeAt(cancelled, when);
    reconciler.wakeUps.cancel(cancelled);
    reconciler.wakeUps.wakeAt(sibling, when.plus(SOON));

    assertThat(reconciler.wakeUps.scheduledWakeUp(cancelled)).isEmpty();
    awaitReconciles(sibling, 2);
    assertThat(reconciler.reconcilesOf(cancelled.getName())).hasSize(1);
  }

  @Test
  void anInstantAlreadyPastFiresAtOnce() {
    ResourceID overdue = created("overdue");
    reconciler.wakeUps.wakeAt(overdue, Instant.now().minus(Duration.ofHours(3)));
    awaitReconciles(overdue, 2);
  }

  @Test
  void deletingTheResourceRemovesItsWakeUp() {
    ResourceID deleted = created("deleted");
    reconciler.wakeUps.wakeAt(deleted, Instant.now().plus(Duration.ofHours(1)));
    assertThat(reconciler.wakeUps.scheduledWakeUp(deleted)).isPresent();

    kubernetes.client().resources(ServicePrincipalRotation.class).inNamespace(NAMESPACE).withName(deleted.getName()).delete();

    await().atMost(PATIENCE).until(() -> reconciler.wakeUps.scheduledWakeUp(deleted).isEmpty());
  }

  @Test
  void aStoppedEventSourceKeepsNoWakeUps() {
    DueTimeEventSource<ServicePrincipalRotation> standalone = DueTimeEventSource.forController("standalone");
    ResourceID resource = new ResourceID("any", NAMESPACE);
    standalone.start();
    try {
      standalone.wakeAt(resource, Instant.now().plus(Duration.ofHours(1)));
      assertThat(standalone.scheduledWakeUp(resource)).isPresent();
    } finally {
      standalone.stop();
    }
    assertThat(standalone.scheduledWakeUp(resource)).isEmpty();
    standalone.wakeAt(resource, Instant.now().plus(Duration.ofHours(1)));
    assertThat(standalone.scheduledWakeUp(resource)).as("a stopping operator keeps nothing; the next one derives it").isEmpty();
  }

  /** Created and reconciled once (its ADD event), so any further reconcile comes from a wake-up. */
  private static ResourceID created(String name) {
    SchedulingOperator.createRotation(kubernetes.client(), name);
    ResourceID id = new ResourceID(name, NAMESPACE);
    awaitReconciles(id, 1);
    return id;
  }

  private static List<Instant> awaitReconciles(ResourceID resource, int count) {
    return await().atMost(PATIENCE).until(() -> reconciler.reconcilesOf(resource.getName()), r -> r.size() >= count);
  }
}

package io.keyrotation.operator.schedule;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The pattern every controller follows, reduced to one due time: the due time lives in status
 * ({@code nextRotationTime}); each reconcile derives the wake-up from it, and the "work" done when
 * it is due is to record {@code lastRotationTime} and clear it.
 */
@ControllerConfiguration(name = DueFromStatusReconciler.NAME)
final class DueFromStatusReconciler implements Reconciler<ServicePrincipalRotation> {
  static final String NAME = "due-from-status";

  enum Decision { SCHEDULED_FIRST, WOKE_LATER, RAN_DUE_WORK, NOTHING_DUE }

  record Reconcile(Instant at, Decision decision) {}

  final DueTimeEventSource<ServicePrincipalRotation> wakeUps = DueTimeEventSource.forController(NAME);
  final List<Reconcile> reconciles = new CopyOnWriteArrayList<>();
  private final Duration firstDueIn;
  private final Clock clock = Clock.systemUTC();

  DueFromStatusReconciler(Duration firstDueIn) {
    this.firstDueIn = firstDueIn;
  }

  @Override
  public List<EventSource<?, ServicePrincipalRotation>> prepareEventSources(EventSourceContext<ServicePrincipalRotation> context) {
    return List.of(wakeUps);
  }

  @Override
  public UpdateControl<ServicePrincipalRotation> reconcile(ServicePrincipalRotation resource, Context<ServicePrincipalRotation> context) {
    Instant now = clock.instant();
    ResourceID id = ResourceID.fromResource(resource);
    ServicePrincipalRotationStatus status = resource.getStatus() == null ? ServicePrincipalRotationStatus.empty() : resource.getStatus();
    if (status.nextRotationTime() == null && status.lastRotationTime() == null) {
      Instant due = now.plus(firstDueIn);
      wakeUps.wakeAt(id, due);
      return record(now, Decision.SCHEDULED_FIRST, resource, withTimes(status, null, due.toString()));
    }
    if (status.nextRotationTime() == null) {
      wakeUps.cancel(id);
      return record(now, Decision.NOTHING_DUE, resource, null);
    }
    Instant due = Instant.parse(status.nextRotationTime());
    if (due.isAfter(now)) {
      wakeUps.wakeAt(id, due);
      return record(now, Decision.WOKE_LATER, resource, null);
    }
    wakeUps.cancel(id);
    return record(now, Decision.RAN_DUE_WORK, resource, withTimes(status, now.toString(), null));
  }

  List<Decision> decisions() {
    return reconciles.stream().map(Reconcile::decision).toList();
  }

  private UpdateControl<ServicePrincipalRotation> record(Instant now, Decision decision, ServicePrincipalRotation resource,
      ServicePrincipalRotationStatus newStatus) {
    reconciles.add(new Reconcile(now, decision));
    if (newStatus == null) {
      return UpdateControl.noUpdate();
    }
    resource.setStatus(newStatus);
    return UpdateControl.patchStatus(resource);
  }

  private static ServicePrincipalRotationStatus withTimes(ServicePrincipalRotationStatus s, String last, String next) {
    return new ServicePrincipalRotationStatus(s.observedGeneration(), s.conditions(), s.currentSecret(), s.previousSecret(),
        last, next, s.rotation(), s.lastManualTrigger());
  }
}

package io.keyrotation.operator.schedule;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records when each resource is reconciled and does nothing else; the test drives its wake-ups. */
@ControllerConfiguration(name = CountingReconciler.NAME)
final class CountingReconciler implements Reconciler<ServicePrincipalRotation> {
  static final String NAME = "wake-up-counter";

  final DueTimeEventSource<ServicePrincipalRotation> wakeUps = DueTimeEventSource.forController(NAME);
  private final Map<String, List<Instant>> reconciles = new ConcurrentHashMap<>();
  private final Clock clock = Clock.systemUTC();

  @Override
  public List<EventSource<?, ServicePrincipalRotation>> prepareEventSources(EventSourceContext<ServicePrincipalRotation> context) {
    return List.of(wakeUps);
  }

  @Override
  public UpdateControl<ServicePrincipalRotation> reconcile(ServicePrincipalRotation resource, Context<ServicePrincipalRotation> context) {
    reconciles.computeIfAbsent(resource.getMetadata().getName(), n -> new CopyOnWriteArrayList<>()).add(clock.instant());
    return UpdateControl.noUpdate();
  }

  List<Instant> reconcilesOf(String name) {
    return List.copyOf(reconciles.getOrDefault(name, List.of()));
  }
}

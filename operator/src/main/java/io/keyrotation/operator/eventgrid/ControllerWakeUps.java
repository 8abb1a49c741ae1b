package io.keyrotation.operator.eventgrid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.EventSourceManager;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.keyrotation.operator.schedule.DueTimeEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Wakes, at once, the resources an event refers to: found in each controller's informer cache (no
 * call to the API server) and handed to that controller's {@link DueTimeEventSource} with
 * {@code wakeAt(id, now)}, as a due time would be. A controller without one gets one registered
 * the first time it is needed.
 */
final class ControllerWakeUps {
  private final Operator operator;
  private final Clock clock;
  private final Map<String, BiPredicate<JsonNode, KeyVaultEvent>> controllers;
  private final ObjectMapper json = new ObjectMapper();

  /** @param controllers controller name -> whether a resource of it refers to the event's object */
  ControllerWakeUps(Operator operator, Clock clock, Map<String, BiPredicate<JsonNode, KeyVaultEvent>> controllers) {
    this.operator = operator;
    this.clock = clock;
    this.controllers = controllers;
  }

  /** The resources woken, as kind/namespace/name. */
  List<String> wake(KeyVaultEvent event) {
    List<String> woken = new ArrayList<>();
    controllers.forEach((name, refersTo) -> operator.getRegisteredController(name).ifPresent(registered -> {
      Controller<HasMetadata> controller = controller(registered);
      if (!controller.getEventProcessor().isRunning()) {
        // A standby replica (or one still starting) would queue a wake-up nobody acts on: let Event Grid retry.
        throw new NotReconciling(name);
      }
      EventSourceManager<HasMetadata> sources = controller.getEventSourceManager();
      List<HasMetadata> referring = sources.getControllerEventSource()
          .list(resource -> refersTo.test(json.valueToTree(resource), event)).toList();
      if (referring.isEmpty()) {
        return;
      }
      DueTimeEventSource<HasMetadata> wakeUps = wakeUpsOf(sources, name);
      for (HasMetadata resource : referring) {
        wakeUps.wakeAt(ResourceID.fromResource(resource), clock.instant());
        woken.add(resource.getKind() + " " + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName());
      }
    }));
    return woken;
  }

  /** This replica does not reconcile that controller now (it is not the leader, or not started). */
  static final class NotReconciling extends RuntimeException {
    NotReconciling(String controller) {
      super("controller " + controller + " is not reconciling on this replica");
    }
  }

  @SuppressWarnings("unchecked")
  private static Controller<HasMetadata> controller(RegisteredController<?> registered) {
    return (Controller<HasMetadata>) registered;
  }

  @SuppressWarnings("unchecked")
  private static synchronized DueTimeEventSource<HasMetadata> wakeUpsOf(EventSourceManager<HasMetadata> sources, String controller) {
    return sources.getRegisteredEventSources().stream().filter(DueTimeEventSource.class::isInstance)
        .map(s -> (DueTimeEventSource<HasMetadata>) s).findFirst()
        .orElseGet(() -> (DueTimeEventSource<HasMetadata>) sources.dynamicallyRegisterEventSource(
            DueTimeEventSource.<HasMetadata>forController(controller)));
  }
}

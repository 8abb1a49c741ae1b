package io.keyrotation.operator.principal;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.status.ReconcileErrors;
import io.keyrotation.operator.schedule.DueTimeEventSource;
import io.keyrotation.operator.schedule.RetryBackoff;
import io.keyrotation.operator.status.SpecConditions;
import io.keyrotation.operator.status.StatusWriter;
import io.keyrotation.operator.validation.SpecProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Thin orchestration for ServicePrincipalRotation: validate, then hand the resource to the
 * {@link SecretRotationWorkflow}; write the one status it builds and register the next wake-up.
 */
// Not generation-aware: the keyrotation.io/rotate-now annotation changes no generation but must wake the controller.
@ControllerConfiguration(name = ServicePrincipalRotationReconciler.NAME, generationAwareEventProcessing = false)
public class ServicePrincipalRotationReconciler implements Reconciler<ServicePrincipalRotation> {
  public static final String NAME = "serviceprincipalrotation";
  /** A step that continues at once is picked up again after this short pause. */
  private static final Duration CONTINUE_AFTER = Duration.ofMillis(200);

  private final ServicePrincipalRotationValidator validator = new ServicePrincipalRotationValidator();
  /** Wakes a resource at its next due time, derived from status on every reconcile. */
  private final DueTimeEventSource<ServicePrincipalRotation> wakeUps = DueTimeEventSource.forController(NAME);
  private final StatusWriter statusWriter;
  private final ReconcileErrors errors;
  private final Clock clock;
  private final SecretRotationServices services;

  /** Validation only: no rotation runs (used where no Azure endpoints are configured). */
  public ServicePrincipalRotationReconciler(StatusWriter statusWriter, Clock clock) {
    this(statusWriter, clock, null);
  }

  public ServicePrincipalRotationReconciler(StatusWriter statusWriter, Clock clock, SecretRotationServices services) {
    this.statusWriter = statusWriter;
    this.errors = new ReconcileErrors(statusWriter,
        new RetryBackoff(RetryBackoff.DEFAULT_MAX_DELAY, RandomGenerator.getDefault()));
    this.clock = clock;
    this.services = services;
  }

  @Override
  public List<EventSource<?, ServicePrincipalRotation>> prepareEventSources(EventSourceContext<ServicePrincipalRotation> context) {
    return List.of(wakeUps);
  }

  @Override
  public UpdateControl<ServicePrincipalRotation> reconcile(ServicePrincipalRotation rotation,
      Context<ServicePrincipalRotation> context) {
    rotation.setStatus(ServicePrincipalRotationStatusBuilder.normalized(rotation.getStatus()));
    var status = new ServicePrincipalRotationStatusBuilder(rotation.getStatus(), rotation.getMetadata().getGeneration(), clock);
    List<SpecProblem> problems = ReconcileErrors.validate(() -> validator.validate(rotation.getSpec()));
    if (!problems.isEmpty()) {
      SpecConditions.invalidSpec(status.conditions(), problems);
      wakeUps.cancel(ResourceID.fromResource(rotation));
      return statusWriter.write(rotation, status.build());
    }
    if (services == null) {
      SpecConditions.awaitingImplementation(status.conditions(), "client secret rotation");
      return statusWriter.write(rotation, status.build());
    }
    SecretRotationSteps.Next next = new SecretRotationWorkflow(services, context.getClient(), clock).run(rotation, status);
    UpdateControl<ServicePrincipalRotation> control = statusWriter.write(rotation, status.build());
    ResourceID id = ResourceID.fromResource(rotation);
    if (next.immediately()) {
      wakeUps.cancel(id);
      return control.rescheduleAfter(CONTINUE_AFTER);
    }
    if (next.wakeAt() != null) {
      wakeUps.wakeAt(id, next.wakeAt().isBefore(Instant.EPOCH) ? Instant.EPOCH : next.wakeAt());
    } else {
      wakeUps.cancel(id);
    }
    return control;
  }

  @Override
  public ErrorStatusUpdateControl<ServicePrincipalRotation> updateErrorStatus(ServicePrincipalRotation rotation, Context<ServicePrincipalRotation> context, Exception e) {
    var status = new ServicePrincipalRotationStatusBuilder(rotation.getStatus(), rotation.getMetadata().getGeneration(), clock);
    return errors.toStatus(rotation, e, status.conditions(), status::build);
  }
}

package io.keyrotation.operator.principal;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.status.ReconcileErrors;
import io.keyrotation.operator.schedule.DueTimeEventSource;
import io.keyrotation.operator.status.SpecConditions;
import io.keyrotation.operator.status.StatusWriter;
import io.keyrotation.operator.validation.SpecProblem;
import java.time.Clock;
import java.util.List;

@ControllerConfiguration(name = ServicePrincipalRotationReconciler.NAME)
public class ServicePrincipalRotationReconciler implements Reconciler<ServicePrincipalRotation> {
  public static final String NAME = "serviceprincipalrotation";

  private final ServicePrincipalRotationValidator validator = new ServicePrincipalRotationValidator();
  /** Wakes a resource at its next due time; the workflow to come derives that time from status. */
  private final DueTimeEventSource<ServicePrincipalRotation> wakeUps = DueTimeEventSource.forController(NAME);
  private final StatusWriter statusWriter;
  private final ReconcileErrors errors;
  private final Clock clock;

  public ServicePrincipalRotationReconciler(StatusWriter statusWriter, Clock clock) {
    this.statusWriter = statusWriter;
    this.errors = new ReconcileErrors(statusWriter);
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, ServicePrincipalRotation>> prepareEventSources(EventSourceContext<ServicePrincipalRotation> context) {
    return List.of(wakeUps);
  }

  @Override
  public UpdateControl<ServicePrincipalRotation> reconcile(ServicePrincipalRotation rotation,
      Context<ServicePrincipalRotation> context) {
    var status = new ServicePrincipalRotationStatusBuilder(rotation.getStatus(), rotation.getMetadata().getGeneration(), clock);
    List<SpecProblem> problems = ReconcileErrors.validate(() -> validator.validate(rotation.getSpec()));
    if (problems.isEmpty()) {
      SpecConditions.awaitingImplementation(status.conditions(), "client secret rotation");
    } else {
      SpecConditions.invalidSpec(status.conditions(), problems);
    }
    return statusWriter.write(rotation, status.build());
  }

  @Override
  public ErrorStatusUpdateControl<ServicePrincipalRotation> updateErrorStatus(ServicePrincipalRotation rotation, Context<ServicePrincipalRotation> context, Exception e) {
    var status = new ServicePrincipalRotationStatusBuilder(rotation.getStatus(), rotation.getMetadata().getGeneration(), clock);
    return errors.toStatus(rotation, e, status.conditions(), status::build);
  }
}

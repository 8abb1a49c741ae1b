package io.keyrotation.operator.backup;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.status.ReconcileErrors;
import io.keyrotation.operator.schedule.DueTimeEventSource;
import io.keyrotation.operator.status.SpecConditions;
import io.keyrotation.operator.status.StatusWriter;
import io.keyrotation.operator.validation.SpecProblem;
import java.time.Clock;
import java.util.List;

@ControllerConfiguration(name = VaultBackupScheduleReconciler.NAME)
public class VaultBackupScheduleReconciler implements Reconciler<VaultBackupSchedule> {
  public static final String NAME = "vaultbackupschedule";

  private final VaultBackupScheduleValidator validator;
  /** Wakes a resource at its next due time; the workflow to come derives that time from status. */
  private final DueTimeEventSource<VaultBackupSchedule> wakeUps = DueTimeEventSource.forController(NAME);
  private final StatusWriter statusWriter;
  private final ReconcileErrors errors;
  private final Clock clock;

  public VaultBackupScheduleReconciler(StatusWriter statusWriter, Clock clock) {
    this(statusWriter, clock, AzureRegions.builtIn());
  }

  public VaultBackupScheduleReconciler(StatusWriter statusWriter, Clock clock, AzureRegions regions) {
    this.validator = new VaultBackupScheduleValidator(regions);
    this.statusWriter = statusWriter;
    this.errors = new ReconcileErrors(statusWriter);
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, VaultBackupSchedule>> prepareEventSources(EventSourceContext<VaultBackupSchedule> context) {
    return List.of(wakeUps);
  }

  @Override
  public UpdateControl<VaultBackupSchedule> reconcile(VaultBackupSchedule schedule, Context<VaultBackupSchedule> context) {
    var status = new VaultBackupScheduleStatusBuilder(schedule.getStatus(), schedule.getMetadata().getGeneration(), clock);
    List<SpecProblem> problems = ReconcileErrors.validate(() -> validator.validate(schedule.getSpec()));
    if (problems.isEmpty()) {
      SpecConditions.awaitingImplementation(status.conditions(), "key backup schedule");
    } else {
      SpecConditions.invalidSpec(status.conditions(), problems);
    }
    return statusWriter.write(schedule, status.build());
  }

  @Override
  public ErrorStatusUpdateControl<VaultBackupSchedule> updateErrorStatus(VaultBackupSchedule schedule, Context<VaultBackupSchedule> context, Exception e) {
    var status = new VaultBackupScheduleStatusBuilder(schedule.getStatus(), schedule.getMetadata().getGeneration(), clock);
    return errors.toStatus(schedule, e, status.conditions(), status::build);
  }
}

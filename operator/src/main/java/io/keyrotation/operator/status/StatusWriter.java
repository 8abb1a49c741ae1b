package io.keyrotation.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.keyrotation.operator.api.common.ResourceStatus;
import java.util.List;
import java.util.Objects;

/**
 * The one place a controller's status is written: skips the write when nothing changed, and
 * records an event whenever the Ready condition changes its status or reason.
 */
public class StatusWriter {
  private final EventRecorder events;

  public StatusWriter(EventRecorder events) {
    this.events = events;
  }

  public <S extends ResourceStatus, R extends CustomResource<?, S>> UpdateControl<R> write(R resource, S status) {
    if (!changeStatus(resource, status)) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(resource);
  }

  /** The same, for a reconcile that failed: JOSDK patches the status this returns instead of retrying blindly. */
  public <S extends ResourceStatus, R extends CustomResource<?, S>> ErrorStatusUpdateControl<R> writeError(R resource, S status) {
    return changeStatus(resource, status) ? ErrorStatusUpdateControl.patchStatus(resource) : ErrorStatusUpdateControl.noStatusUpdate();
  }

  private <S extends ResourceStatus, R extends CustomResource<?, S>> boolean changeStatus(R resource, S status) {
    S previous = resource.getStatus();
    if (Objects.equals(previous, status)) {
      return false;
    }
    Condition before = ready(previous == null ? null : previous.conditions());
    Condition after = ready(status.conditions());
    if (after != null && (before == null
        || !Objects.equals(before.getStatus(), after.getStatus())
        || !Objects.equals(before.getReason(), after.getReason()))) {
      if ("False".equals(after.getStatus())) {
        events.warning(resource, after.getReason(), after.getMessage());
      } else {
        events.normal(resource, after.getReason(), after.getMessage());
      }
    }
    resource.setStatus(status);
    return true;
  }

  private static Condition ready(List<Condition> conditions) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> ConditionSet.READY.equals(c.getType())).findFirst().orElse(null);
  }
}

package io.keyrotation.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.keyrotation.operator.api.common.ResourceStatus;

/**
 * Told of every status the {@link StatusWriter} is handed, changed or not, so that whatever is
 * derived from status (metrics) follows it without the reconcilers knowing.
 */
@FunctionalInterface
public interface StatusListener {
  StatusListener NONE = (resource, previous, current) -> { };

  /** @param previous the status before this reconcile, or null for a new resource */
  void statusWritten(HasMetadata resource, ResourceStatus previous, ResourceStatus current);
}

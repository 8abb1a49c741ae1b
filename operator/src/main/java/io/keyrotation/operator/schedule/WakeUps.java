package io.keyrotation.operator.schedule;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Instant;

/**
 * Wakes one resource at a given instant by handing it to its controller. It only wakes: the
 * controller decides what, if anything, is due. A reconcile derives every due time from status and
 * sets it again here, so a restarted operator rebuilds every wake-up; an instant already past
 * fires at once.
 */
public interface WakeUps {

  /** Replaces any earlier wake-up of this resource with one at {@code when}. */
  void wakeAt(ResourceID resource, Instant when);

  /** Removes the resource's wake-up, if any (nothing is due, or the resource is gone). */
  void cancel(ResourceID resource);
}

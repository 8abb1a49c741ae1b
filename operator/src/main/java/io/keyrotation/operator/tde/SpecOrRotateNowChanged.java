package io.keyrotation.operator.tde;

import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import java.util.Objects;

/**
 * Reconcile on a spec change (new generation) or a new {@code keyrotation.io/rotate-now} value; an
 * annotation does not change the generation, and the controller's own status writes must not
 * wake it (it reschedules itself between steps).
 */
public class SpecOrRotateNowChanged implements OnUpdateFilter<TdeKeyPolicy> {
  @Override
  public boolean accept(TdeKeyPolicy updated, TdeKeyPolicy old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(rotateNow(updated), rotateNow(old))
        || updated.getMetadata().getDeletionTimestamp() != null;
  }

  static String rotateNow(TdeKeyPolicy policy) {
    var annotations = policy.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(TdeKeyPolicyPlanner.ROTATE_NOW);
  }
}

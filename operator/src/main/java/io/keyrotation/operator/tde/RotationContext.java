package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import java.time.Instant;

/** The policy, its gateways and the time of this reconcile, as every step sees them. */
record RotationContext(TdeKeyPolicy policy, PolicyGateways gateways, Instant now) {
  TdeKeyPolicySpec spec() {
    return policy.getSpec();
  }

  String uid() {
    return policy.getMetadata().getUid();
  }
}

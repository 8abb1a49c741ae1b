package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import java.time.Instant;
import java.util.List;

/** The policy, its gateways, the time of this reconcile and the backup schedules of its namespace, as every step sees them. */
record RotationContext(TdeKeyPolicy policy, PolicyGateways gateways, Instant now, List<VaultBackupSchedule> schedules) {
  RotationContext(TdeKeyPolicy policy, PolicyGateways gateways, Instant now) {
    this(policy, gateways, now, List.of());
  }

  TdeKeyPolicySpec spec() {
    return policy.getSpec();
  }

  String uid() {
    return policy.getMetadata().getUid();
  }
}

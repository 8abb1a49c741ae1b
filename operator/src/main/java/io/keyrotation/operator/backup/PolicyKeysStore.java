package io.keyrotation.operator.backup;

import io.keyrotation.operator.PruningStore;
import io.keyrotation.operator.api.common.VaultRef;
import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.api.tde.TdeKeyPolicyStatus;
import io.keyrotation.operator.api.tde.VaultKeySpec;
import java.util.List;

/**
 * The store of the schedules' TdeKeyPolicies informer. The schedules read of a policy only the keys it
 * uses ({@link PolicyKeys}: the vault URL of spec and status, spec.key.currentKeyName, the name and id of
 * the active and previous keys) and, to map it to their namespace, its identity; so that is all kept of
 * each. Its conditions, the rest of its spec and status, other annotations and managedFields are not.
 */
final class PolicyKeysStore extends PruningStore<TdeKeyPolicy> {
  @Override
  protected TdeKeyPolicy prune(TdeKeyPolicy policy) {
    return whatSchedulesRead(policy);
  }

  /** What the VaultBackupSchedule controller needs of a TdeKeyPolicy. */
  static TdeKeyPolicy whatSchedulesRead(TdeKeyPolicy policy) {
    TdeKeyPolicy kept = new TdeKeyPolicy();
    kept.setMetadata(identity(policy.getMetadata()));
    TdeKeyPolicySpec spec = policy.getSpec();
    if (spec != null) {
      VaultRef vault = spec.vault() == null ? null : new VaultRef(spec.vault().url(), null, null);
      VaultKeySpec key = spec.key() == null ? null : new VaultKeySpec(null, null, null, null, null, null, spec.key().currentKeyName());
      kept.setSpec(new TdeKeyPolicySpec(vault, key, null, null, null, null, null));
    }
    TdeKeyPolicyStatus status = policy.getStatus();
    if (status != null) {
      List<ProtectorKey> previous = status.previousKeys() == null ? null
          : status.previousKeys().stream().map(PolicyKeysStore::nameAndId).toList();
      kept.setStatus(new TdeKeyPolicyStatus(null, List.of(), nameAndId(status.activeKey()), previous, null, null, null, null,
          null, status.vaultUrl(), null));
    }
    return kept;
  }

  private static ProtectorKey nameAndId(ProtectorKey key) {
    return key == null ? null : new ProtectorKey(key.keyName(), key.keyId(), null, null, null, null, null, null, null, null, null, null);
  }
}

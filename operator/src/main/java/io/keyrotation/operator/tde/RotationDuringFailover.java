package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.api.tde.RotationStep;
import java.util.EnumSet;
import java.util.Set;

/**
 * A rotation in flight when {@code spec.vault} changes. Its new key was created in the old vault.
 * Before any database key was re-encrypted, no database needs that key: after the failover the
 * rotation starts over in the new vault (the old vault's key is kept, never deleted, and named in
 * an Event). From re-encryption on, databases may already need it: the failover then also requires
 * that key in the new vault with the same key material and switches its credential too.
 */
final class RotationDuringFailover {
  private static final Set<RotationStep> DATABASES_MAY_USE_TARGET =
      EnumSet.of(RotationStep.ReencryptDatabases, RotationStep.VerifyThumbprints, RotationStep.Promote);

  private RotationDuringFailover() {}

  static boolean databasesMayUseTarget(KeyRotationProgress rotation) {
    return rotation != null && DATABASES_MAY_USE_TARGET.contains(rotation.step());
  }

  /** Whether the rotation must start over in the new vault once the failover is done. */
  static boolean startsOver(KeyRotationProgress rotation) {
    return rotation != null && !databasesMayUseTarget(rotation);
  }

  /** The rotation's new key, as the failover checks and switches keys. */
  static ProtectorKey targetAsKey(KeyRotationProgress rotation) {
    return new ProtectorKey(rotation.targetKeyName(), rotation.targetKeyId(),
        rotation.sqlObjects() == null ? null : rotation.sqlObjects().asymmetricKey(),
        rotation.sqlObjects() == null ? null : rotation.sqlObjects().login(),
        rotation.sqlObjects() == null ? null : rotation.sqlObjects().credential(),
        null, rotation.targetCreatedTime(), null, rotation.targetExpiresTime(), null, rotation.targetPublicKeySha256(),
        rotation.providerKeyName());
  }
}

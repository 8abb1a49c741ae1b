package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.KeyRotationProgress.RotationTrigger;
import io.keyrotation.operator.api.tde.RotationStep;
import java.util.List;

/** Runs one step of the in-flight rotation (steps 1-5); promotion (step 6) is the reconciler's, since it changes more than progress. */
final class RotationWorkflow {
  private final VaultKeyStep vaultKey;
  private final InstanceRegistration registration = new InstanceRegistration();
  private final EkmAccessProof proof;
  private final DatabaseReencryption reencryption = new DatabaseReencryption();
  private final ThumbprintVerification verification = new ThumbprintVerification();

  RotationWorkflow(VaultKeyStep vaultKey, EkmAccessProof proof) {
    this.vaultKey = vaultKey;
    this.proof = proof;
  }

  /** A new rotation: the target name chosen (reads only) and nothing created yet. */
  KeyRotationProgress start(RotationContext ctx, RotationTrigger trigger) {
    return start(ctx, trigger, null);
  }

  /** A new rotation that replaces one abandoned with its target name (which it never reuses). */
  KeyRotationProgress start(RotationContext ctx, RotationTrigger trigger, String abandonedName) {
    String name = vaultKey.chooseName(ctx.spec(), ctx.gateways().vault(), abandonedName);
    return new KeyRotationProgress(name, null, RotationStep.CreateVaultKey, trigger, ctx.now().toString(), List.of(), List.of(),
        null, null, null, null, null, null, null, null, null, null, null);
  }

  StepOutcome run(RotationContext ctx, KeyRotationProgress progress) {
    return switch (progress.step()) {
      case CreateVaultKey -> vaultKey.run(ctx, progress);
      case RegisterOnInstances -> registration.run(ctx, progress);
      case ProveEkmAccess -> proof.run(ctx, progress);
      case ReencryptDatabases -> reencryption.run(ctx, progress);
      case VerifyThumbprints -> verification.run(ctx, progress);
      case AwaitBackup -> throw new IllegalStateException("the backup wait is run by RotationActions (BackupBeforeUse)");
      case Promote -> throw new IllegalStateException("promotion is not a workflow step");
    };
  }
}

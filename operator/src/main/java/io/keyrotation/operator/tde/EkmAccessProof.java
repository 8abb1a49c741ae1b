package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.RotationStep;
import io.keyrotation.operator.status.GatewayException;

/**
 * Step 3: before any database encryption key is touched, the connector's own identity (the one in
 * the EKM credential, not the operator's) signs in and wraps and unwraps with the new key version,
 * as SQL Server will. A refusal stops the rotation here with the permission it lacks; the
 * connector needs get, list, wrapKey and unwrapKey (connector errors 3077/3113 otherwise). Reads only.
 */
final class EkmAccessProof {

  StepOutcome run(RotationContext ctx, KeyRotationProgress progress) {
    String keyId = progress.targetKeyId();
    String version = keyId.substring(keyId.lastIndexOf('/') + 1);
    if (ctx.gateways().managedIdentity()) {
      // The managed identity's token is SQL Server's own: CREATE ASYMMETRIC KEY ... FROM PROVIDER (step 2) opened the key with it.
      return StepOutcome.of(progress.atStep(RotationStep.ReencryptDatabases), "EkmAccessProven",
          "Every instance opened " + progress.targetKeyName() + "/" + version + " with its managed identity (CREATE ASYMMETRIC KEY).");
    }
    try {
      ctx.gateways().vaultAsConnector().get().proveWrapAndUnwrap(progress.targetKeyName(), version);
    } catch (GatewayException e) {
      throw new GatewayException(e.reason(), "SQL Server's connector identity cannot use the new key, so no database was "
          + "touched: " + e.getMessage() + " The connector needs get, list, wrapKey and unwrapKey on the vault's keys "
          + "(connector errors 3077/3113 otherwise).", e);
    }
    return StepOutcome.of(progress.atStep(RotationStep.ReencryptDatabases), "EkmAccessProven",
        "The connector's identity wrapped and unwrapped with " + progress.targetKeyName() + "/" + version + ".");
  }
}

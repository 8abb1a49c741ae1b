package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.KeyRotationProgress.DatabaseProgress;
import io.keyrotation.operator.api.tde.KeyRotationProgress.DatabaseState;
import io.keyrotation.operator.api.tde.RotationStep;
import io.keyrotation.operator.sqlserver.DatabaseEncryption;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 5: on every replica, each selected database is encrypted (state 3) by the new asymmetric
 * key's thumbprint as that replica computes it: connector versions can give the same vault key
 * different thumbprints (DOMAIN.md §7), so a thumbprint is only compared on the same instance. Reads only.
 */
final class ThumbprintVerification {

  StepOutcome run(RotationContext ctx, KeyRotationProgress progress) {
    String newKey = progress.sqlObjects().asymmetricKey();
    List<DatabaseProgress> verified = new ArrayList<>();
    List<String> notYet = new ArrayList<>();
    for (PolicyGateways.Instance instance : ctx.gateways().instances()) {
      String thumbprint = InstanceRegistration.thumbprintOf(instance.sql(), newKey);
      for (DatabaseEncryption db : SelectedDatabases.of(ctx.spec().sqlServer().databases(),
          ctx.spec().sqlServer().providerName(), instance.sql().asymmetricKeys(), instance.sql().databaseEncryption())) {
        if (db.isEncryptedBy(thumbprint) && db.encryptionState() == DatabaseEncryption.ENCRYPTED) {
          verified.add(new DatabaseProgress(instance.name(), db.name(), DatabaseState.Verified, thumbprint));
        } else {
          notYet.add(instance.name() + "/" + db.name() + " (state " + db.encryptionState() + ", thumbprint "
              + db.encryptorThumbprint() + ")");
        }
      }
    }
    if (!notYet.isEmpty()) {
      throw new GatewayException(FailureReason.Unavailable, "Not yet encrypted by " + newKey + ": " + String.join(", ", notYet)
          + "; verification is repeated.");
    }
    return StepOutcome.of(progress.withDatabases(verified).atStep(RotationStep.Promote), "ThumbprintsVerified",
        verified.size() + " database(s) on " + ctx.gateways().instances().size() + " instance(s) are encrypted by " + newKey + ".");
  }
}

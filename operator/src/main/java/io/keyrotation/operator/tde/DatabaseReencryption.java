package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.KeyRotationProgress.DatabaseProgress;
import io.keyrotation.operator.api.tde.KeyRotationProgress.DatabaseState;
import io.keyrotation.operator.api.tde.RotationStep;
import io.keyrotation.operator.sqlserver.DatabaseEncryption;
import io.keyrotation.operator.sqlserver.SqlServerGateway;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Step 4: on the primary of each availability group, or a standalone instance, re-encrypt each
 * selected database encryption key with the new asymmetric key, one database per call. Which
 * databases remain is read from the catalog each time, so a failover between calls simply
 * continues on the new primary. A database whose scan or key change is running is waited for.
 */
final class DatabaseReencryption {
  /** encryption_state 2 encrypting, 4 key change, 5 decrypting, 6 protection change. */
  private static final Set<Integer> BUSY = Set.of(2, 4, 5, 6);

  StepOutcome run(RotationContext ctx, KeyRotationProgress progress) {
    String newKey = progress.sqlObjects().asymmetricKey();
    List<String> busy = new ArrayList<>();
    for (PolicyGateways.Instance instance : ctx.gateways().instances()) {
      SqlServerGateway sql = instance.sql();
      if (!Replicas.takesDatabaseKeyChanges(sql.availabilityRoles())) {
        continue;
      }
      String thumbprint = InstanceRegistration.thumbprintOf(sql, newKey);
      List<DatabaseEncryption> pending = SelectedDatabases.of(ctx.spec().sqlServer().databases(),
              ctx.spec().sqlServer().providerName(), sql.asymmetricKeys(), sql.databaseEncryption()).stream()
          .filter(d -> !d.isEncryptedBy(thumbprint))
          .sorted(Comparator.comparing(DatabaseEncryption::name)).toList();
      for (DatabaseEncryption db : pending) {
        if (BUSY.contains(db.encryptionState())) {
          busy.add(instance.name() + "/" + db.name());
          continue;
        }
        sql.encryptDatabaseKeyWith(db.name(), newKey);
        return StepOutcome.of(progress.withDatabases(record(progress, instance.name(), db.name(), thumbprint)),
            "DatabaseReencrypted", "The encryption key of " + db.name() + " on " + instance.name()
                + " is now protected by " + newKey + ".");
      }
    }
    if (!busy.isEmpty()) {
      throw new GatewayException(FailureReason.Unavailable, "Waiting for an encryption scan or key change to finish on "
          + String.join(", ", busy) + " before re-encrypting (it is not forced).");
    }
    return StepOutcome.quiet(progress.atStep(RotationStep.VerifyThumbprints));
  }

  private static List<DatabaseProgress> record(KeyRotationProgress progress, String instance, String database, String thumbprint) {
    List<DatabaseProgress> databases = new ArrayList<>(progress.databases() == null ? List.of() : progress.databases());
    databases.removeIf(d -> d.database().equalsIgnoreCase(database));
    databases.add(new DatabaseProgress(instance, database, DatabaseState.Reencrypted, thumbprint));
    return databases;
  }
}

package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.KeyRotationProgress.DatabaseProgress;
import io.keyrotation.operator.api.tde.KeyRotationProgress.DatabaseState;
import io.keyrotation.operator.api.tde.RotationStep;
import io.keyrotation.operator.sqlserver.DatabaseEncryption;
import io.keyrotation.operator.sqlserver.SqlServerGateway;
import io.keyrotation.operator.sqlserver.StepResult;
import io.keyrotation.operator.status.GatewayException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Step 4: on the primary of each availability group, or a standalone instance, re-encrypt each
 * selected database encryption key with the new asymmetric key, one database per call. Which
 * databases remain is read from the catalog each time, so a failover between calls simply
 * continues on the new primary. A database whose scan or key change is running, or that needs a
 * log backup first, is waited for and reported; the others go on.
 */
final class DatabaseReencryption {
  StepOutcome run(RotationContext ctx, KeyRotationProgress progress) {
    String newKey = progress.sqlObjects().asymmetricKey();
    List<String> busy = new ArrayList<>();
    List<GatewayException> failures = new ArrayList<>();
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
        String where = instance.name() + "/" + db.name();
        if (db.changeInProgress()) {
          busy.add(where + ": an encryption scan or key change is running; waited for, not forced");
          continue;
        }
        try {
          if (sql.encryptDatabaseKeyWith(db.name(), newKey) == StepResult.IN_PROGRESS) {
            busy.add(where + ": an encryption scan or key change is running; waited for, not forced");
            continue;
          }
        } catch (GatewayException e) {
          if (!e.retryable()) {
            throw e;
          }
          // e.g. a log backup is needed first, a data backup runs, the connection dropped: the others go on.
          failures.add(new GatewayException(e.reason(), where + ": " + e.getMessage(), e));
          continue;
        }
        return StepOutcome.of(progress.withDatabases(record(progress, instance.name(), db.name(), thumbprint)),
            "DatabaseReencrypted", "The encryption key of " + db.name() + " on " + instance.name()
                + " is now protected by " + newKey + ".");
      }
    }
    if (!failures.isEmpty()) {
      throw new GatewayException(failures.get(0).reason(), "Cannot re-encrypt yet: " + failures.stream()
          .map(GatewayException::getMessage).collect(java.util.stream.Collectors.joining("; ")));
    }
    if (!busy.isEmpty()) {
      return StepOutcome.waiting(progress, "Waiting to re-encrypt " + String.join("; ", busy));
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

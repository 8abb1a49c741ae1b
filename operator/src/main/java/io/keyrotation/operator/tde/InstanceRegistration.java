package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.KeyRotationProgress.InstanceProgress;
import io.keyrotation.operator.api.tde.KeyRotationProgress.SqlObjects;
import io.keyrotation.operator.api.tde.RotationStep;
import io.keyrotation.operator.sqlserver.AsymmetricKey;
import io.keyrotation.operator.sqlserver.KeyIntent;
import io.keyrotation.operator.sqlserver.SqlServerGateway;
import io.keyrotation.operator.sqlserver.StepResult;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Step 2: on every instance (every availability-group replica, secondaries and primary alike, so
 * all can open the databases once the primary re-encrypts): the asymmetric key from the provider,
 * the login from it, the EKM credential and its mapping. Each SQL statement is idempotent; the
 * first one that changes something ends the call, so at most one change happens between status writes.
 */
final class InstanceRegistration {

  StepOutcome run(RotationContext ctx, KeyRotationProgress progress) {
    SqlObjects names = progress.sqlObjects();
    List<InstanceProgress> recorded = new ArrayList<>(progress.instances() == null ? List.of() : progress.instances());
    for (PolicyGateways.Instance instance : ctx.gateways().instances()) {
      if (recorded.stream().anyMatch(i -> i.instance().equals(instance.name()) && Boolean.TRUE.equals(i.registered()))) {
        continue;
      }
      SqlServerGateway sql = instance.sql();
      List<Supplier<StepResult>> statements = List.of(
          () -> sql.createAsymmetricKey(names.asymmetricKey(), progress.providerKeyName(), KeyIntent.RECORDED_IN_STATUS),
          () -> sql.createLoginFromAsymmetricKey(names.login(), names.asymmetricKey()),
          () -> ctx.gateways().managedIdentity()
              ? sql.createManagedIdentityCredential(names.credential())
              : sql.createCredential(names.credential(), ctx.gateways().credentialIdentity(), ctx.gateways().ekmSecret().get()),
          () -> sql.addCredentialToLogin(names.login(), names.credential()));
      for (Supplier<StepResult> statement : statements) {
        if (statement.get() == StepResult.APPLIED) {
          return StepOutcome.quiet(progress);
        }
      }
      String thumbprint = thumbprintOf(sql, names.asymmetricKey());
      recorded.removeIf(i -> i.instance().equals(instance.name()));
      recorded.add(new InstanceProgress(instance.name(), true, thumbprint));
      return StepOutcome.of(progress.withInstances(recorded), "KeyRegistered", "Asymmetric key " + names.asymmetricKey()
          + ", login " + names.login() + " and credential " + names.credential() + " are in place on " + instance.name()
          + " (thumbprint " + thumbprint + ").");
    }
    return StepOutcome.quiet(progress.atStep(RotationStep.ProveEkmAccess));
  }

  static String thumbprintOf(SqlServerGateway sql, String asymmetricKey) {
    return sql.asymmetricKeys().stream().filter(k -> k.name().equalsIgnoreCase(asymmetricKey)).findFirst()
        .map(AsymmetricKey::thumbprint)
        .orElseThrow(() -> new GatewayException(FailureReason.NotFound, "Asymmetric key " + asymmetricKey + " is missing on "
            + sql.endpoint().name() + " although it was registered; it may have been dropped by hand."));
  }
}

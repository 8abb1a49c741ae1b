package io.keyrotation.operator.principal;

import io.keyrotation.operator.api.common.SqlServerInstance;
import io.keyrotation.operator.api.principal.SecretRotationProgress.TargetKind;
import io.keyrotation.operator.api.principal.SecretRotationProgress.TargetProgress;
import io.keyrotation.operator.api.principal.SecretRotationProgress.TargetState;
import io.keyrotation.operator.config.CredentialsResolver;
import io.keyrotation.operator.sqlserver.EkmCredentialSecret;
import io.keyrotation.operator.sqlserver.SqlCredential;
import io.keyrotation.operator.sqlserver.SqlServerEndpoint;
import io.keyrotation.operator.sqlserver.SqlServerGateway;
import io.keyrotation.operator.sqlserver.SqlServerGatewayFactory;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL Server side of a rotation on one instance: which credentials embed the secret (those the
 * spec names plus the provider credential mapped to the operator's own login, which
 * {@code CREATE ASYMMETRIC KEY ... FROM PROVIDER} uses), applying the new secret once, and whether
 * the instance has restarted since.
 *
 * <p>"Once": a credential's {@code modify_date} is recorded in status before its
 * {@code ALTER CREDENTIAL}; a later {@code modify_date} means this rotation's secret was applied (an
 * operator that crashed after the ALTER and before recording it does not ALTER again, which would
 * move {@code modify_date} and re-arm the restart check).
 */
final class SqlCredentialTargets {
  private static final String NEVER_MODIFIED = "none";

  private final SqlServerGatewayFactory factory;
  private final CredentialsResolver resolver;

  SqlCredentialTargets(SqlServerGatewayFactory factory, CredentialsResolver resolver) {
    this.factory = factory;
    this.resolver = resolver;
  }

  SqlServerGateway connect(String namespace, SqlServerInstance instance) {
    SqlServerEndpoint endpoint = resolver.sqlServerEndpoint(namespace, SqlServerEndpoint.DEFAULT_EKM_PROVIDER, instance);
    return factory.create(endpoint);
  }

  /**
   * One pass over one instance's pending credentials: adds the operator login's provider
   * credentials and the TDE policies' credentials present on the instance, records {@code modifiedBefore} where missing (no ALTER for those in this pass),
   * applies the secret to the others. Returns the updated target list.
   */
  List<TargetProgress> apply(SqlServerGateway gateway, String instance, List<TargetProgress> targets, Set<String> tdeCredentials,
                             String clientId, String secretText) {
    List<SqlCredential> credentials = gateway.credentials();
    List<TargetProgress> result = new ArrayList<>(targets);
    List<String> discovered = new ArrayList<>(loginCredentials(gateway, credentials));
    // A TDE policy's credential not on this instance (not registered here yet) has nothing to switch.
    tdeCredentials.stream().filter(name -> find(credentials, name).isPresent()).forEach(discovered::add);
    for (String name : discovered) {
      boolean listed = result.stream().anyMatch(t -> isOn(t, instance) && t.name().equalsIgnoreCase(name));
      if (!listed) {
        result.add(new TargetProgress(TargetKind.SqlServerCredential, instance, name, TargetState.Pending, null, null));
      }
    }
    for (TargetProgress target : List.copyOf(result)) {
      if (!isOn(target, instance) || target.state() != TargetState.Pending) {
        continue;
      }
      SqlCredential credential = find(credentials, target.name()).orElseThrow(() -> new GatewayException(FailureReason.NotFound,
          "SQL Server '" + instance + "' has no credential '" + target.name() + "' (spec.targets.sqlServerCredentials)."));
      String modified = modified(credential);
      if (target.modifiedBefore() == null) {
        result = RotationProgress.replace(result, target, t -> RotationProgress.modifiedBefore(t, modified));
      } else if (!modified.equals(target.modifiedBefore())) {
        result = RotationProgress.replace(result, target, t -> RotationProgress.state(t, TargetState.Updated));
      } else {
        gateway.alterCredentialSecret(credential.name(), credential.identity(), EkmCredentialSecret.of(clientId, secretText));
        result = RotationProgress.replace(result, target, t -> RotationProgress.state(t, TargetState.Updated));
      }
    }
    return result;
  }

  /** Marks the instance's updated credentials Restarted when SQL Server started after their change. */
  List<TargetProgress> observeRestart(SqlServerGateway gateway, String instance, List<TargetProgress> targets) {
    List<TargetProgress> result = new ArrayList<>(targets);
    String startTime = null;
    for (TargetProgress target : targets) {
      if (isOn(target, instance) && target.state() == TargetState.Updated && !gateway.restartPendingFor(target.name())) {
        if (startTime == null) {
          startTime = gateway.startTime().toString();
        }
        String started = startTime;
        result = RotationProgress.replace(result, target, t -> RotationProgress.restarted(t, started));
      }
    }
    return result;
  }

  private static List<String> loginCredentials(SqlServerGateway gateway, List<SqlCredential> credentials) {
    String login = gateway.endpoint().username();
    if (login == null) {
      return List.of();
    }
    return gateway.credentialsOfLogin(login).stream()
        .filter(name -> find(credentials, name).map(c -> c.providerName() != null).orElse(false)).toList();
  }

  static boolean isOn(TargetProgress target, String instance) {
    return target.kind() == TargetKind.SqlServerCredential && instance.equals(target.instance());
  }

  private static Optional<SqlCredential> find(List<SqlCredential> credentials, String name) {
    return credentials.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
  }

  private static String modified(SqlCredential credential) {
    LocalDateTime at = credential.modifiedAt();
    return at == null ? NEVER_MODIFIED : at.toString();
  }
}

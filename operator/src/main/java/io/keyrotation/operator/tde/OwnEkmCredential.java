package io.keyrotation.operator.tde;

import io.keyrotation.operator.sqlserver.SqlAuthentication;
import io.keyrotation.operator.sqlserver.SqlCredential;
import io.keyrotation.operator.sqlserver.SqlServerGateway;
import io.keyrotation.operator.sqlserver.StepResult;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.util.List;
import java.util.Optional;

/**
 * The operator's own EKM credential, made sure of before its first {@code CREATE ASYMMETRIC KEY ...
 * FROM PROVIDER} on an instance: SQL Server opens the vault key with the credential mapped to the
 * executing login ("Set up SQL Server TDE Extensible Key Management by using Azure Key Vault",
 * step 5, where it is mapped to the DBA's login). A credential the login already has for the
 * provider is used as it is: CREATE ASYMMETRIC KEY then proves it. Otherwise credential
 * {@value #PREFIX}{@code <EKM identity>} is created (IDENTITY and SECRET as for the keys' own
 * credentials) and mapped to the login.
 */
final class OwnEkmCredential {
  static final String PREFIX = "keyrotation_ekm_";

  private OwnEkmCredential() {}

  static String name(PolicyGateways gateways) {
    return PREFIX + gateways.credentialIdentity();
  }

  static StepResult ensure(PolicyGateways gateways, SqlServerGateway sql) {
    if (sql.endpoint().authentication() != SqlAuthentication.SqlPassword) {
      // A Microsoft Entra login's credential is mapped by a DBA (README); CREATE ASYMMETRIC KEY proves it.
      return StepResult.ALREADY_DONE;
    }
    if (existing(sql).isPresent()) {
      return StepResult.ALREADY_DONE;
    }
    if (gateways.managedIdentity()) {
      // The managed identity credential must be named after the vault, and a credential maps to one login only
      // ("Credentials (Database Engine)"): it belongs to the keys' logins, so the operator cannot take it.
      throw new GatewayException(FailureReason.InvalidSpec, "SQL Server '" + sql.endpoint().name() + "': login '"
          + sql.endpoint().username() + "' has no credential for provider '" + sql.endpoint().ekmProvider()
          + "', which CREATE ASYMMETRIC KEY ... FROM PROVIDER needs; with managed identity EKM a DBA maps one to it. "
          + "Nothing was created.");
    }
    // Two calls, so that each reconcile makes at most one change: the credential, then its mapping.
    if (sql.createCredential(name(gateways), gateways.credentialIdentity(), gateways.ekmSecret().get()) == StepResult.APPLIED) {
      return StepResult.APPLIED;
    }
    return sql.ensureOwnEkmCredential(name(gateways), gateways.credentialIdentity(), gateways.ekmSecret().get());
  }

  /** The operator's own credential on this instance (created by it, {@value #PREFIX}...), which a vault failover switches too. */
  static List<String> ownedBy(SqlServerGateway sql) {
    if (sql.endpoint().authentication() != SqlAuthentication.SqlPassword) {
      return List.of();
    }
    return existing(sql).filter(name -> name.toLowerCase(java.util.Locale.ROOT).startsWith(PREFIX)).stream().toList();
  }

  /** The credential for the endpoint's provider already mapped to the operator's login, if any. */
  private static Optional<String> existing(SqlServerGateway sql) {
    List<String> mine = sql.credentialsOfLogin(sql.endpoint().username());
    return sql.credentials().stream()
        .filter(c -> sql.endpoint().ekmProvider().equalsIgnoreCase(c.providerName()))
        .map(SqlCredential::name)
        .filter(c -> mine.stream().anyMatch(c::equalsIgnoreCase))
        .findFirst();
  }
}

package io.keyrotation.operator.sqlserver;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;

/**
 * {@code CREATE CREDENTIAL} and {@code ALTER CREDENTIAL} carry the connector's client secret as a literal (DDL takes
 * no parameters), so they go only over a connection that encrypts and has validated the server certificate:
 * without validation anyone on the path can present a certificate and read the secret.
 */
final class SecretStatementGuard {
  private SecretStatementGuard() {}

  /** Throws, before any connection is opened, unless the endpoint's TLS validates the server. */
  static void requireValidatedTls(SqlServerEndpoint endpoint, String operation) {
    SqlServerEndpoint.Tls tls = endpoint.tls();
    if (tls.validatesServer()) {
      return;
    }
    String why = tls.encrypt() == SqlServerEndpoint.EncryptMode.Optional
        ? "tls.encrypt is Optional, so the connection may not be encrypted at all"
        : "tls.trustServerCertificate is true, so any certificate is accepted";
    throw new GatewayException(FailureReason.InvalidSpec, "SQL Server '" + endpoint.name() + "': refusing "
        + operation + " because the statement carries the credential secret and " + why + ". Set tls.encrypt to "
        + "Mandatory or Strict and tls.trustServerCertificate to false; for a certificate from a private CA, "
        + "reference the CA with tls.caCertificateRef.");
  }
}

package io.keyrotation.operator.sqlserver;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A connection refused during the TLS handshake, told in terms of the resource's settings. mssql-jdbc reports
 * these with error 0 and its own text; other failures go on to {@link SqlErrorClassifier} unchanged.
 */
final class TlsFailure {
  private TlsFailure() {}

  /** The failure to report if {@code e} is a TLS failure; its text holds no secret. */
  static Optional<GatewayException> of(SqlServerEndpoint endpoint, SQLException e) {
    String text = SqlErrorClassifier.redact(e.getMessage(), List.of(endpoint.password()));
    String hint;
    if (text.contains("Failed to validate the server name")) {
      String expected = endpoint.tls().hostNameInCertificate() != null ? endpoint.tls().hostNameInCertificate()
          : endpoint.host();
      hint = "the server certificate is not issued to '" + expected + "'. Check host, or set "
          + "tls.hostNameInCertificate to a name the certificate carries (mssql-jdbc compares the certificate's "
          + "common name and DNS names, not its IP addresses).";
    } else if (text.contains("PKIX") || text.contains("certification path")) {
      hint = "the server certificate is not signed by a trusted CA. Reference the CA that issued it with "
          + "tls.caCertificateRef (a PEM in a Secret or ConfigMap).";
    } else if (text.contains("secure connection") || text.contains("SSL") || text.contains("TLS")) {
      hint = "TLS could not be established. Check tls.encrypt (Strict needs SQL Server 2022 or later) and that "
          + "the instance has a certificate.";
    } else {
      return Optional.empty();
    }
    return Optional.of(new GatewayException(FailureReason.Unavailable, "SQL Server '" + endpoint.name() + "' at "
        + endpoint.host() + ":" + endpoint.port() + " refused by TLS validation: " + hint + " Driver: " + text));
  }
}

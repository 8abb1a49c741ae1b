package io.keyrotation.operator.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The driver's TLS settings ({@code encrypt}, {@code trustServerCertificate}, {@code hostNameInCertificate}) and the
 * CA to validate the server certificate against.
 */
@ValidationRule(value = "!(has(self.encrypt) && self.encrypt == 'Strict' && has(self.trustServerCertificate) && self.trustServerCertificate)",
    message = "trustServerCertificate cannot be combined with encrypt Strict (TDS 8 always validates the certificate)")
@ValidationRule(value = "!(has(self.caCertificateRef) && has(self.trustServerCertificate) && self.trustServerCertificate)",
    message = "caCertificateRef has no effect with trustServerCertificate: the certificate would not be validated")
public record SqlServerTls(
    @Default("Mandatory")
    @JsonPropertyDescription("Strict (TDS 8.0), Mandatory (TLS required) or Optional (only when the server asks; not recommended). "
        + "The operator sends the EKM credential secret only with Mandatory or Strict and a validated certificate.")
    Encrypt encrypt,
    @Default("false")
    @JsonPropertyDescription("Skip certificate validation. Only for testing; the operator then refuses to send the credential secret.")
    Boolean trustServerCertificate,
    @Pattern(Formats.CERTIFICATE_HOST)
    @JsonPropertyDescription("Name expected in the server certificate when it differs from host, e.g. sql1.contoso.com or, "
        + "for a wildcard certificate, *.contoso.com. Needed when host is an IP address: the driver compares the "
        + "certificate's common name and DNS names only.")
    String hostNameInCertificate,
    @JsonPropertyDescription("The CA that issued the server certificate, when it is not one the JVM trusts (a private CA). "
        + "Only this CA is then trusted for the instance.")
    CaCertificateRef caCertificateRef) {

  public SqlServerTls {
    if (encrypt == null) encrypt = Encrypt.Mandatory;
    if (trustServerCertificate == null) trustServerCertificate = false;
  }

  public static SqlServerTls secure() {
    return new SqlServerTls(Encrypt.Mandatory, false, null, null);
  }

  public enum Encrypt { Strict, Mandatory, Optional }
}

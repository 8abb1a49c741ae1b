package io.keyrotation.operator.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** The driver's TLS settings ({@code encrypt}, {@code trustServerCertificate}, {@code hostNameInCertificate}). */
@ValidationRule(value = "!(has(self.encrypt) && self.encrypt == 'Strict' && has(self.trustServerCertificate) && self.trustServerCertificate)",
    message = "trustServerCertificate cannot be combined with encrypt Strict (TDS 8 always validates the certificate)")
public record SqlServerTls(
    @Default("Mandatory")
    @JsonPropertyDescription("Strict (TDS 8.0), Mandatory (TLS required) or Optional (only when the server asks; not recommended).")
    Encrypt encrypt,
    @Default("false")
    @JsonPropertyDescription("Skip certificate validation. Only for testing; the credential secret crosses this connection.")
    Boolean trustServerCertificate,
    @Pattern(Formats.HOST)
    @JsonPropertyDescription("Name expected in the server certificate when it differs from host.")
    String hostNameInCertificate) {

  public SqlServerTls {
    if (encrypt == null) encrypt = Encrypt.Mandatory;
    if (trustServerCertificate == null) trustServerCertificate = false;
  }

  public static SqlServerTls secure() {
    return new SqlServerTls(Encrypt.Mandatory, false, null);
  }

  public enum Encrypt { Strict, Mandatory, Optional }
}

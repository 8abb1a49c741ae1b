package io.keyrotation.operator.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One SQL Server instance (for an availability group, one entry per replica). */
public record SqlServerInstance(
    @Required @Size(max = 63) @Pattern(Formats.LABEL)
    @JsonPropertyDescription("A short name for this instance, used in status and events.")
    String name,
    @Required @Size(max = 253) @Pattern(Formats.HOST)
    @JsonPropertyDescription("Host name or IP address.")
    String host,
    @Default("1433") @Min(1) @Max(65535)
    Integer port,
    @JsonPropertyDescription("TLS settings; certificate validation is on unless trustServerCertificate is set.")
    SqlServerTls tls,
    @Default("SqlPassword")
    @JsonPropertyDescription("SqlPassword: a SQL login. ActiveDirectoryServicePrincipal: an Azure AD application (username = client id).")
    SqlAuthentication authentication,
    @Required
    @JsonPropertyDescription("Secret with the login used by the operator (needs CREATE ASYMMETRIC KEY, ALTER ANY LOGIN, ALTER ANY CREDENTIAL).")
    LoginSecretRef loginSecretRef) {

  public SqlServerInstance {
    if (port == null) port = 1433;
    if (tls == null) tls = SqlServerTls.secure();
    if (authentication == null) authentication = SqlAuthentication.SqlPassword;
  }

  public enum SqlAuthentication { SqlPassword, ActiveDirectoryServicePrincipal }
}

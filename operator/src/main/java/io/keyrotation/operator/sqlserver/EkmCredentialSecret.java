package io.keyrotation.operator.sqlserver;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.util.regex.Pattern;

/**
 * The SECRET of a credential for the SQL Server Connector: the service principal's client id
 * without hyphens, immediately followed by the client secret, at least 32 characters (connector
 * error 2050 scp_err_PasswordTooShort otherwise). Never printed.
 */
public final class EkmCredentialSecret {
  static final int MIN_LENGTH = 32;
  private static final Pattern GUID =
      Pattern.compile("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
  private final String value;

  private EkmCredentialSecret(String value) {
    this.value = value;
  }

  public static EkmCredentialSecret of(String clientId, String clientSecret) {
    if (clientId == null || !GUID.matcher(clientId).matches()) {
      throw new GatewayException(FailureReason.InvalidSpec,
          "the service principal client id is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
    }
    if (clientSecret == null || clientSecret.isEmpty()) {
      throw new GatewayException(FailureReason.InvalidSpec, "the service principal client secret is empty");
    }
    String concatenated = clientId.replace("-", "") + clientSecret;
    if (concatenated.length() < MIN_LENGTH) {
      throw new GatewayException(FailureReason.InvalidSpec, "the credential secret (client id without hyphens "
          + "followed by the client secret) is shorter than 32 characters (connector error 2050)");
    }
    return new EkmCredentialSecret(concatenated);
  }

  /** The text to put in {@code SECRET = N'...'}; only the gateway's statement rendering calls this. */
  String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "EkmCredentialSecret[***]";
  }
}

package io.keyrotation.operator.principal;

import io.keyrotation.operator.status.GatewayException;

/**
 * Tries a client secret the way the SQL Server Connector will use it: sign in as the application
 * and wrap and unwrap with a key in its vault. Throws {@link GatewayException} when it does not
 * work; {@code Unauthenticated} includes a secret Azure AD does not accept yet.
 */
public interface SecretVerifier {
  void verify(String tenantId, String clientId, String secret, String vaultUrl, String keyName);
}

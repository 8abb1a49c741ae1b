package io.keyrotation.sandbox.sqlserver.engine;

/**
 * A client secret the instance's EKM connector cached for a credential (kept until restart, even after
 * {@code ALTER CREDENTIAL}); read-only, for invariant checks.
 */
public record CachedEkmSecret(String instance, String credential, String vaultIdentity, String clientId,
    String clientSecret) {

  @Override
  public String toString() {
    return "CachedEkmSecret[" + instance + ", credential " + credential + ", client " + clientId + "]";
  }
}

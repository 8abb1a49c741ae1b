package io.keyrotation.sandbox.sqlserver.engine;

import java.util.Objects;

/**
 * The result of {@link EkmVaultDirectory#open}. When {@link Outcome#OPENED}: the key id URI,
 * the version opened, and the RSA public modulus (big-endian, unsigned), from which the engine
 * derives the asymmetric key's thumbprint.
 */
public record EkmKeyAccess(Outcome outcome, String keyId, String version, byte[] modulus) {

  public enum Outcome { OPENED, KEY_NOT_FOUND, ACCESS_DENIED, BAD_CREDENTIALS, VAULT_NOT_FOUND, THROTTLED }

  public EkmKeyAccess {
    Objects.requireNonNull(outcome, "outcome");
    if (outcome == Outcome.OPENED) {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(modulus, "modulus");
    }
  }

  public static EkmKeyAccess opened(String keyId, String version, byte[] modulus) {
    return new EkmKeyAccess(Outcome.OPENED, keyId, version, modulus.clone());
  }

  public static EkmKeyAccess failed(Outcome outcome) {
    if (outcome == Outcome.OPENED) {
      throw new IllegalArgumentException("use opened()");
    }
    return new EkmKeyAccess(outcome, null, null, null);
  }
}

package io.keyrotation.sandbox.keyvault;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One version of a vault key: its RSA key pair and attributes. Immutable; updates make a copy. */
public record KeyVersion(String version, String keyType, KeyPair keyPair, List<String> keyOps,
                         Instant created, Instant updated, boolean enabled, Instant notBefore, Instant expires,
                         Map<String, String> tags) {

  public KeyVersion {
    keyOps = List.copyOf(keyOps);
    tags = Map.copyOf(tags);
  }

  public RSAPublicKey publicKey() {
    return (RSAPublicKey) keyPair.getPublic();
  }

  public boolean isHsm() {
    return keyType.endsWith("-HSM");
  }

  /** Enabled and inside its nbf/exp validity period: what crypto operations require. */
  public boolean usableAt(Instant now) {
    return enabled && (notBefore == null || !now.isBefore(notBefore)) && (expires == null || now.isBefore(expires));
  }

  public KeyVersion withEnabled(boolean newEnabled, Instant now) {
    return new KeyVersion(version, keyType, keyPair, keyOps, created, now, newEnabled, notBefore, expires, tags);
  }
}

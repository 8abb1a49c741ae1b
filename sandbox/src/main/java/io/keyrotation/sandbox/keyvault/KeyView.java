package io.keyrotation.sandbox.keyvault;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * A read-only view of one key version for other stand-ins (the SQL Server EKM model): identity,
 * state and the RSA public key.
 */
public record KeyView(String name, String version, String keyId, String keyType, boolean enabled, boolean usableNow,
                      Instant notBefore, Instant expires, Map<String, String> tags,
                      BigInteger modulus, BigInteger publicExponent) {

  static KeyView of(String name, KeyVersion v, String keyId, Instant now) {
    return new KeyView(name, v.version(), keyId, v.keyType(), v.enabled(), v.usableAt(now), v.notBefore(), v.expires(),
        v.tags(), v.publicKey().getModulus(), v.publicKey().getPublicExponent());
  }

  /** The modulus as unsigned big-endian bytes (the JWK {@code n}). */
  public byte[] modulusBytes() {
    return unsigned(modulus);
  }

  /** Big-endian bytes without the sign byte {@link BigInteger#toByteArray()} may add. */
  static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  public boolean isHsm() {
    return keyType.endsWith("-HSM");
  }
}

package io.keyrotation.operator.keyvault;

/**
 * One key version with its RSA public key: {@code modulus} and {@code publicExponent} are the
 * unsigned big-endian JWK {@code n} and {@code e}.
 */
public record VaultKey(VaultKeyInfo info, KeyProtection protection, byte[] modulus, byte[] publicExponent) {
  public VaultKey {
    modulus = modulus.clone();
    publicExponent = publicExponent.clone();
  }

  public String name() {
    return info.name();
  }

  /** Always present for a key read or created (as opposed to listed). */
  public String version() {
    return info.version().orElseThrow();
  }

  @Override
  public byte[] modulus() {
    return modulus.clone();
  }

  @Override
  public byte[] publicExponent() {
    return publicExponent.clone();
  }
}

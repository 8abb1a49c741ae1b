package io.keyrotation.operator.tde;

import io.keyrotation.operator.keyvault.VaultKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Identifies a vault key's material by its public key, so a copy restored into another vault is
 * recognised as the same key. Not a SQL Server thumbprint: those are the connector's own (DOMAIN.md §7).
 */
final class PublicKeys {
  private PublicKeys() {}

  static String sha256(VaultKey key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.modulus()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}

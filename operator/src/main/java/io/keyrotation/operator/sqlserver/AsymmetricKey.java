package io.keyrotation.operator.sqlserver;

/**
 * An asymmetric key in {@code master} that the operator's login can see. {@code thumbprint} is
 * upper-case hex without 0x; {@code providerName} is null for keys not held by a cryptographic
 * provider; {@code privateKeyEncryptionType} is {@code sys.asymmetric_keys.pvt_key_encryption_type}
 * ("CP" when a cryptographic provider holds the private key, i.e. an EKM key).
 *
 * <p>SQL Server does not say which vault key is behind an EKM key:
 * {@code sys.dm_cryptographic_provider_keys} "is currently not supported by the SQL Server EKM
 * Connector" (its reference page). The operator records the provider key name in status when it
 * registers a key; see {@link SqlServerGateway#createAsymmetricKey}.
 */
public record AsymmetricKey(String name, String thumbprint, String providerName, String privateKeyEncryptionType) {

  /** Held by an EKM provider (the private key never leaves it). */
  public boolean heldByProvider() {
    return "CP".equalsIgnoreCase(privateKeyEncryptionType) && providerName != null;
  }
}

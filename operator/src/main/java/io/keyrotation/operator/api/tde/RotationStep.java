package io.keyrotation.operator.api.tde;

/**
 * The steps of one TDE key rotation, in order. Each step checks whether its effect already exists
 * before acting, so repeating a step after a crash is harmless.
 *
 * <pre>
 * CreateVaultKey      -> RegisterOnInstances   the new key exists in the vault (name recorded before)
 * RegisterOnInstances -> ReencryptDatabases    asymmetric key, login, credential and mapping exist on every replica
 * ReencryptDatabases  -> VerifyThumbprints     ALTER DATABASE ENCRYPTION KEY ran on the primary for every selected database
 * VerifyThumbprints   -> Promote               every DEK's encryptor_thumbprint equals the new key's, encryption_state = 3
 * Promote             -> (done)                activeKey becomes the new key; the old one moves to previousKeys, kept
 * </pre>
 */
public enum RotationStep {
  CreateVaultKey,
  RegisterOnInstances,
  ReencryptDatabases,
  VerifyThumbprints,
  Promote
}

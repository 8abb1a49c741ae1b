package io.keyrotation.operator.api.tde;

/**
 * The steps of one TDE key rotation, in order. Each step checks whether its effect already exists
 * before acting, so repeating a step after a crash is harmless.
 *
 * <pre>
 * CreateVaultKey      -> AwaitBackup           the new key exists in the vault (name recorded before)
 * CreateVaultKey      -> CreateVaultKey        the recorded name is held by a key this rotation did not create: next free name recorded
 * AwaitBackup         -> RegisterOnInstances   no VaultBackupSchedule covers the new key, or the one that does has archived a
 *                                              verified backup holding its version (asked for with keyrotation.io/backup-now,
 *                                              the request recorded before it is made)
 * RegisterOnInstances -> ProveEkmAccess        asymmetric key, login, credential and mapping exist on every replica
 * ProveEkmAccess      -> ReencryptDatabases    the connector's identity can wrap and unwrap with the new key version
 * ReencryptDatabases  -> VerifyThumbprints     ALTER DATABASE ENCRYPTION KEY ran on the primary for every selected database
 * VerifyThumbprints   -> Promote               every DEK's encryptor_thumbprint equals the new key's, encryption_state = 3
 * Promote             -> (done)                activeKey becomes the new key; the old one moves to previousKeys, kept
 * </pre>
 *
 * A step makes at most one change in an external system per reconcile and records it in status
 * before the next, so a restarted operator always knows where it stopped.
 */
public enum RotationStep {
  CreateVaultKey,
  AwaitBackup,
  RegisterOnInstances,
  ProveEkmAccess,
  ReencryptDatabases,
  VerifyThumbprints,
  Promote
}

package io.keyrotation.operator.keyvault;

import io.keyrotation.operator.status.GatewayException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Everything the controllers do with one Key Vault, as one identity. Every failure is a
 * {@link GatewayException} (Unauthenticated, Forbidden, NotFound, Conflict, Throttled, Unavailable,
 * InvalidRequest); "not there" answers are empty optionals, not failures. Nothing here deletes,
 * disables or purges a key.
 */
public interface KeyVaultGateway {

  URI vaultUrl();

  /**
   * Creates a new key; {@code Conflict} if the name is taken by an active or a soft-deleted key
   * (Key Vault itself would silently add a version to an active key, so the gateway reads first:
   * the identity needs {@code get} as well as {@code create}). The create is sent once, never
   * retried: after a timeout, 5xx or dropped connection the gateway lists the key's versions
   * ({@code list}) and returns the version this call created, if the vault did create it. A key
   * whose latest version carries the caller's {@link NewKey#withAttemptId attempt id} is returned as
   * is (a re-run of the same attempt).
   */
  VaultKey createKey(NewKey key);

  /**
   * Adds a version to an existing key (the {@code NewVersion} rotation strategy); {@code NotFound}
   * if there is no such key. Tags and expiry of the new version are those of {@code key}.
   */
  VaultKey addKeyVersion(NewKey key);

  /** The latest version of the key; empty if the key does not exist (or is soft-deleted). */
  Optional<VaultKey> getKey(String name);

  /** One version of the key; empty if there is no such key or version. */
  Optional<VaultKey> getKeyVersion(String name, String version);

  /** Active keys (latest version's attributes) that match the filter, sorted by name. */
  List<VaultKeyInfo> listKeys(KeyFilter filter);

  /** Every version of the key, oldest first; {@code NotFound} if there is no such key. */
  List<VaultKeyInfo> listVersions(String name);

  /** A backup of all the key's versions; refused by the vault for a key with more than 500 versions. */
  KeyBackup backupKey(String name);

  /**
   * Restores a backup under its original name; {@code Conflict} if that name is taken (also when
   * soft-deleted), {@code InvalidRequest} when the vault is in another geography or subscription.
   */
  VaultKey restoreKey(KeyBackup backup);

  /** The soft-deleted key of this name, if any: it blocks the name until purged or recovered. */
  Optional<DeletedVaultKey> findSoftDeletedKey(String name);

  /**
   * Wraps random bytes with one key version and unwraps them again, as this gateway's identity:
   * what the SQL Server connector does with a TDE key. {@code Forbidden} names the missing permission.
   */
  void proveWrapAndUnwrap(String name, String version);

  /**
   * The key's rotation policy (Key Vault's default one when none was set); empty if there is no
   * such key. Needs the {@code getrotationpolicy} key permission.
   */
  Optional<VaultRotationPolicy> getRotationPolicy(String name);

  /** Whether a name is unavailable for a new key: an active key or a soft-deleted one holds it. */
  default boolean isNameTaken(String name) {
    return getKey(name).isPresent() || findSoftDeletedKey(name).isPresent();
  }
}

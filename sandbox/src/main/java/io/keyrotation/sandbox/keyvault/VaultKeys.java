package io.keyrotation.sandbox.keyvault;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The keys of one vault and the rules Key Vault applies to them: versions, soft delete with a
 * retention period, purge, recover, backup (refused past 500 versions) and restore (all versions
 * under the original name; refused when the name exists, even soft-deleted, or when the backup
 * comes from another geography or subscription).
 */
final class VaultKeys {
  static final int MAX_VERSIONS_IN_BACKUP = 500;
  private static final Pattern KEY_NAME = Pattern.compile("^[0-9a-zA-Z-]{1,127}$");
  private static final Set<Integer> RSA_SIZES = Set.of(2048, 3072, 4096);
  private static final List<String> RSA_DEFAULT_OPS =
      List.of("encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey");

  /** What a create request asks for (the JSON body of {@code POST /keys/{name}/create}). */
  record CreateRequest(String keyType, int keySize, int publicExponent, List<String> keyOps, boolean enabled,
                       Instant notBefore, Instant expires, Map<String, String> tags) {}

  private final Clock clock;
  private final VaultDefinition vault;
  private final VaultProperties properties;
  private final Map<String, StoredKey> keys = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, RotationPolicy> rotationPolicies = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  VaultKeys(VaultDefinition vault, VaultProperties properties, Clock clock) {
    this.vault = vault;
    this.properties = properties;
    this.clock = clock;
  }

  static void validateName(String name) {
    if (name == null || !KEY_NAME.matcher(name).matches()) {
      throw VaultError.badParameter("The request URI contains an invalid name: " + name
          + ". Key names may contain only 0-9, a-z, A-Z and -, at most 127 characters.");
    }
  }

  /** Creates a key, or a new version of an existing one. Key generation happens outside the lock. */
  KeyVersion create(String name, CreateRequest request) {
    validateName(name);
    validate(request);
    refuseHsmInStandardVault(request.keyType());
    synchronized (this) {
      Optional<StoredKey> existing = find(name);
      if (existing.isPresent() && existing.get().isDeleted()) {
        throw VaultError.nameInDeletedState(name);
      }
    }
    KeyPair pair = generate(request.keySize(), request.publicExponent());
    Instant now = clock.instant();
    KeyVersion version = new KeyVersion(newVersionId(), request.keyType(), pair,
        request.keyOps() == null || request.keyOps().isEmpty() ? RSA_DEFAULT_OPS : request.keyOps(),
        now, now, request.enabled(), request.notBefore(), request.expires(), request.tags());
    synchronized (this) {
      Optional<StoredKey> existing = find(name);
      if (existing.isPresent() && existing.get().isDeleted()) {
        throw VaultError.nameInDeletedState(name);
      }
      List<KeyVersion> versions = new ArrayList<>(existing.map(StoredKey::versions).orElse(List.of()));
      versions.add(version);
      keys.put(existing.map(StoredKey::name).orElse(name), new StoredKey(existing.map(StoredKey::name).orElse(name), versions, null, null));
      return version;
    }
  }

  /**
   * Adds {@code count} versions carrying the latest version's key material, as importing the same
   * key again would ({@code PUT /keys/{name}}): cheap, unlike generating RSA keys.
   */
  synchronized void importSameMaterial(String name, int count) {
    StoredKey key = active(name);
    List<KeyVersion> versions = new ArrayList<>(key.versions());
    KeyVersion latest = key.latest();
    Instant now = clock.instant();
    for (int i = 0; i < count; i++) {
      versions.add(new KeyVersion(newVersionId(), latest.keyType(), latest.keyPair(), latest.keyOps(), now, now,
          true, null, null, latest.tags()));
    }
    keys.put(key.name(), new StoredKey(key.name(), versions, null, null));
  }

  synchronized StoredKey active(String name) {
    return find(name).filter(k -> !k.isDeleted()).orElseThrow(() -> VaultError.keyNotFound(name));
  }

  synchronized KeyVersion version(String name, String version) {
    StoredKey key = active(name);
    if (version == null || version.isEmpty()) {
      return key.latest();
    }
    return key.versions().stream().filter(v -> v.version().equalsIgnoreCase(version)).findFirst()
        .orElseThrow(() -> VaultError.keyNotFound(name + "/" + version));
  }

  synchronized List<StoredKey> activeKeys() {
    purgeExpired();
    return keys.values().stream().filter(k -> !k.isDeleted()).toList();
  }

  synchronized List<StoredKey> deletedKeys() {
    purgeExpired();
    return keys.values().stream().filter(StoredKey::isDeleted).toList();
  }

  synchronized StoredKey softDelete(String name) {
    StoredKey key = active(name);
    Instant now = clock.instant();
    StoredKey deleted = new StoredKey(key.name(), key.versions(), now,
        now.plus(Duration.ofDays(vault.softDeleteRetentionDays())));
    keys.put(key.name(), deleted);
    return deleted;
  }

  synchronized StoredKey deleted(String name) {
    purgeExpired();
    return find(name).filter(StoredKey::isDeleted).orElseThrow(() -> VaultError.deletedKeyNotFound(name));
  }

  synchronized void purge(String name) {
    StoredKey deleted = deleted(name);
    if (properties.purgeProtection()) {
      // The service's own words (seen in Key Vault clients' error reports, e.g. microsoft/AzureTRE#1951).
      throw new VaultError(403, "Forbidden", "Operation \"purge\" is not allowed because purge protection is enabled "
          + "for this vault. Key Vault service will automatically purge it after the retention period has passed.\r\n"
          + "Vault: " + vault.name() + ";location=" + vault.region());
    }
    keys.remove(deleted.name());
    rotationPolicies.remove(deleted.name());
  }

  synchronized void setRotationPolicy(String name, RotationPolicy policy) {
    rotationPolicies.put(active(name).name(), policy);
  }

  /** The key's rotation policy, or Key Vault's default one if none was set; 404 when there is no such key. */
  synchronized RotationPolicy rotationPolicy(String name) {
    return rotationPolicies.getOrDefault(active(name).name(), RotationPolicy.defaultPolicy());
  }

  /**
   * HSM-protected keys need a Premium vault. The message is the service's ("Hardware key operation
   * not allowed on standard vault", MicrosoftDocs/azure-docs#63888, Azure/azure-sdk-for-net#6551);
   * the status and code are not documented: 400 BadParameter here.
   */
  private void refuseHsmInStandardVault(String keyType) {
    if (keyType != null && keyType.endsWith("-HSM") && properties.sku() == VaultProperties.Sku.STANDARD) {
      throw VaultError.badParameter("Hardware key operation not allowed on standard vault");
    }
  }

  synchronized StoredKey recover(String name) {
    StoredKey deleted = deleted(name);
    StoredKey recovered = new StoredKey(deleted.name(), deleted.versions(), null, null);
    keys.put(recovered.name(), recovered);
    return recovered;
  }

  synchronized void setEnabled(String name, boolean enabled) {
    StoredKey key = active(name);
    List<KeyVersion> versions = new ArrayList<>(key.versions());
    versions.set(versions.size() - 1, key.latest().withEnabled(enabled, clock.instant()));
    keys.put(key.name(), new StoredKey(key.name(), versions, null, null));
  }

  synchronized BackupContent backup(String name) {
    StoredKey key = active(name);
    if (key.versions().size() > MAX_VERSIONS_IN_BACKUP) {
      throw VaultError.badParameter("Key " + key.name() + " has " + key.versions().size()
          + " versions. A key with more than " + MAX_VERSIONS_IN_BACKUP + " versions cannot be backed up.");
    }
    return new BackupContent(vault.name(), vault.geography(), vault.subscriptionId(), key.name(), key.versions());
  }

  synchronized StoredKey restore(BackupContent backup) {
    // Key Vault cannot open a blob sealed for another security world or subscription and says only
    // that (MicrosoftDocs/azure-docs#107520 across geographies, Azure/azure-cli#8767 into another
    // vault); the status is not documented: 400 BadParameter (see KEYVAULT-STANDIN.md).
    if (!backup.geography().equals(vault.geography()) || !backup.subscriptionId().equalsIgnoreCase(vault.subscriptionId())) {
      throw VaultError.badParameter("Cannot decrypt backup blob.");
    }
    Optional<StoredKey> existing = find(backup.keyName());
    if (existing.isPresent() && existing.get().isDeleted()) {
      throw VaultError.nameInDeletedState(backup.keyName());
    }
    backup.versions().forEach(v -> refuseHsmInStandardVault(v.keyType()));
    if (existing.isPresent()) {
      throw new VaultError(409, "Conflict", "There was a conflict restoring the key '" + backup.keyName()
          + "': a key with this name already exists in the vault.");
    }
    StoredKey restored = new StoredKey(backup.keyName(), backup.versions(), null, null);
    keys.put(restored.name(), restored);
    return restored;
  }

  /** Which service-limit counter a request is charged to: creations by requested type, others by the key's type. */
  ServiceLimits.ThrottleClass throttleClassOf(VaultOperation operation, String keyName, String requestedKeyType) {
    if (operation == VaultOperation.CREATE_KEY) {
      return requestedKeyType != null && requestedKeyType.endsWith("-HSM")
          ? ServiceLimits.ThrottleClass.HSM_KEY_CREATE : ServiceLimits.ThrottleClass.SOFTWARE_KEY_CREATE;
    }
    boolean hsm = keyName != null && findActive(keyName).map(k -> k.latest().isHsm()).orElse(false);
    return hsm ? ServiceLimits.ThrottleClass.HSM_KEY_OPERATION : ServiceLimits.ThrottleClass.SOFTWARE_KEY_OPERATION;
  }

  /** The key's size in bits (its latest version), 2048 when there is no such key: a 404 costs like a small key. */
  int keySizeOf(String keyName) {
    return keyName == null ? 2048 : findActive(keyName).map(k -> k.latest().publicKey().getModulus().bitLength()).orElse(2048);
  }

  synchronized Optional<StoredKey> find(String name) {
    purgeExpired();
    return Optional.ofNullable(keys.get(name));
  }

  Optional<StoredKey> findActive(String name) {
    return find(name).filter(k -> !k.isDeleted());
  }

  private void purgeExpired() {
    Instant now = clock.instant();
    keys.values().removeIf(k -> k.isDeleted() && !now.isBefore(k.scheduledPurgeDate()));
    rotatePerPolicies(now);
  }

  /** Adds the versions that keys' rotation policies have made due (Key Vault's automatic rotation). */
  private void rotatePerPolicies(Instant now) {
    for (Map.Entry<String, RotationPolicy> entry : rotationPolicies.entrySet()) {
      StoredKey key = keys.get(entry.getKey());
      if (key == null || key.isDeleted()) {
        continue;
      }
      List<KeyVersion> versions = new ArrayList<>(key.versions());
      Optional<Instant> due = PolicyRotation.nextRotation(versions.get(versions.size() - 1), entry.getValue());
      while (due.isPresent() && !due.get().isAfter(now)) {
        KeyVersion latest = versions.get(versions.size() - 1);
        Instant at = due.get().isAfter(latest.created()) ? due.get() : latest.created().plusSeconds(1);
        KeyVersion rotated = new KeyVersion(newVersionId(), latest.keyType(),
            generate(latest.publicKey().getModulus().bitLength(), 0), latest.keyOps(), at, at, true, null,
            PolicyRotation.expiryFor(entry.getValue(), at), Map.of());
        versions.add(rotated);
        due = PolicyRotation.nextRotation(rotated, entry.getValue());
      }
      if (versions.size() > key.versions().size()) {
        keys.put(key.name(), new StoredKey(key.name(), versions, null, null));
      }
    }
  }

  private static void validate(CreateRequest request) {
    if (!"RSA".equals(request.keyType()) && !"RSA-HSM".equals(request.keyType())) {
      throw VaultError.badParameter("Key type '" + request.keyType()
          + "' is not supported by this sandbox vault; it models RSA and RSA-HSM keys.");
    }
    if (!RSA_SIZES.contains(request.keySize())) {
      throw VaultError.badParameter("The key size " + request.keySize() + " is not supported for RSA keys; use 2048, 3072 or 4096.");
    }
    if (request.publicExponent() != 0 && request.publicExponent() != 3 && request.publicExponent() != 65537) {
      throw VaultError.badParameter("The public exponent " + request.publicExponent() + " is not supported; use 3 or 65537.");
    }
    if (request.notBefore() != null && request.expires() != null && !request.notBefore().isBefore(request.expires())) {
      throw VaultError.badParameter("The key's expiry (exp) must be after its activation time (nbf).");
    }
  }

  private static KeyPair generate(int size, int exponent) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      BigInteger e = exponent == 0 ? RSAKeyGenParameterSpec.F4 : BigInteger.valueOf(exponent);
      generator.initialize(new RSAKeyGenParameterSpec(size, e));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static String newVersionId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

}

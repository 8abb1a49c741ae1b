package io.keyrotation.operator.keyvault;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.util.Context;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.DeletedKey;
import com.azure.security.keyvault.keys.models.KeyProperties;
import com.azure.security.keyvault.keys.models.KeyRotationPolicy;
import com.azure.security.keyvault.keys.models.KeyType;
import com.azure.security.keyvault.keys.models.KeyVaultKey;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** {@link KeyVaultGateway} over the Azure SDK's {@link KeyClient} for one vault and one identity. */
final class AzureKeyVaultGateway implements KeyVaultGateway {
  private final KeyClient client;
  /** Never retries: see {@link CreateAttempt}. */
  private final KeyClient createClient;
  private final URI vaultUrl;
  private final KeyVaultErrors errors;
  /**
   * HSM keys and larger RSA keys count more against the vault's limits; remembered from every key
   * the gateway has read. A key not read yet is charged as the costliest kind (RSA-4096 HSM), so
   * that the first call on a large key cannot push the vault over its limit.
   */
  private record KeyWeight(KeyProtection protection, int size) {}

  private static final KeyWeight UNREAD_KEY = new KeyWeight(KeyProtection.HSM, 4096);

  private final Map<String, KeyWeight> weightByName = new ConcurrentHashMap<>();

  AzureKeyVaultGateway(KeyClient client, KeyClient createClient, URI vaultUrl, KeyVaultErrors errors) {
    this.client = client;
    this.createClient = createClient;
    this.vaultUrl = vaultUrl;
    this.errors = errors;
  }

  @Override
  public URI vaultUrl() {
    return vaultUrl;
  }

  @Override
  public VaultKey createKey(NewKey key) {
    refuseInvalid(key, VaultCall.CREATE_KEY);
    Optional<VaultKey> existing = getKey(key.name());
    if (existing.isPresent()) {
      if (key.attemptId().isPresent() && key.attemptId().get().equals(existing.get().info().tags().get(NewKey.ATTEMPT_TAG))) {
        return existing.get(); // this very attempt created it before: a re-run adopts it
      }
      throw new GatewayException(FailureReason.Conflict, "Cannot create key '" + key.name() + "' in Key Vault " + vaultUrl
          + ": a key with this name already exists. Creating it again would only add a version; choose a new name.");
    }
    return create(key, VaultCall.CREATE_KEY, true);
  }

  @Override
  public VaultKey addKeyVersion(NewKey key) {
    refuseInvalid(key, VaultCall.ADD_KEY_VERSION);
    if (getKey(key.name()).isEmpty()) {
      throw new GatewayException(FailureReason.NotFound, "Cannot add a version to key '" + key.name() + "' in Key Vault "
          + vaultUrl + ": there is no such key (or it is soft-deleted).");
    }
    return create(key, VaultCall.ADD_KEY_VERSION, false);
  }

  private VaultKey create(NewKey key, VaultCall call, boolean newKey) {
    CreateAttempt attempt = new CreateAttempt(key.attemptId().orElseGet(() -> UUID.randomUUID().toString()), newKey);
    CreateRsaKeyOptions options = new CreateRsaKeyOptions(key.name())
        .setKeySize(key.size())
        .setHardwareProtected(key.protection() == KeyProtection.HSM)
        .setTags(key.withAttemptId(attempt.id()).tags());
    key.expiresOn().ifPresent(options::setExpiresOn);
    try {
      return toVaultKey(createClient.createRsaKeyWithResponse(options,
          RateLimitPolicy.contextFor(key.protection().createClass(), key.size())).getValue());
    } catch (RuntimeException e) {
      GatewayException failure = errors.classify(e, call, key.name());
      if (failure.reason() != FailureReason.Unavailable) {
        throw failure; // a clear refusal: the vault did not create anything
      }
      return afterUnclearFailure(key.name(), attempt, failure);
    }
  }

  /** The create may or may not have reached the vault: look, and adopt what this attempt created. */
  private VaultKey afterUnclearFailure(String name, CreateAttempt attempt, GatewayException failure) {
    List<VaultKeyInfo> versions;
    try {
      versions = listVersions(name);
    } catch (GatewayException listing) {
      if (listing.reason() != FailureReason.NotFound) {
        throw new GatewayException(FailureReason.Unavailable, failure.getMessage() + " Whether the vault created it could "
            + "not be checked (" + listing.getMessage() + "); the next attempt looks again before creating.", failure);
      }
      versions = List.of();
    }
    CreateAttempt.Finding finding = attempt.judge(versions);
    return switch (finding.verdict()) {
      case ADOPT -> getKeyVersion(name, finding.version().orElseThrow()).orElseThrow(() -> new GatewayException(
          FailureReason.Unavailable, failure.getMessage() + " The version it created is listed but cannot be read yet.", failure));
      case NOT_CREATED -> throw new GatewayException(FailureReason.Unavailable, failure.getMessage() + " Checked: "
          + finding.explanation() + ", so creating again is safe.", failure);
      case CONFLICT -> throw new GatewayException(FailureReason.Conflict, "Cannot tell which version of key '" + name
          + "' in Key Vault " + vaultUrl + " the operator created after an unclear failure: " + finding.explanation() + ".", failure);
    };
  }

  @Override
  public Optional<VaultKey> getKey(String name) {
    return getKeyVersion(name, "");
  }

  @Override
  public Optional<VaultKey> getKeyVersion(String name, String version) {
    return absentOn404(VaultCall.GET_KEY, name,
        () -> toVaultKey(client.getKeyWithResponse(name, version, contextFor(name)).getValue()));
  }

  @Override
  public List<VaultKeyInfo> listKeys(KeyFilter filter) {
    return call(VaultCall.LIST_KEYS, null, () -> client.listPropertiesOfKeys(RateLimitPolicy.contextFor(OperationClass.SOFTWARE_KEY_OPERATION))
        .stream().map(AzureKeyVaultGateway::toInfo).filter(filter::matches)
        .sorted(Comparator.comparing(VaultKeyInfo::name, String.CASE_INSENSITIVE_ORDER)).toList());
  }

  @Override
  public List<VaultKeyInfo> listVersions(String name) {
    return call(VaultCall.LIST_KEY_VERSIONS, name, () -> client.listPropertiesOfKeyVersions(name, contextFor(name))
        .stream().map(AzureKeyVaultGateway::toInfo).sorted(Comparator.comparing(VaultKeyInfo::createdOn)).toList());
  }

  @Override
  public KeyBackup backupKey(String name) {
    byte[] blob = call(VaultCall.BACKUP_KEY, name, () -> client.backupKeyWithResponse(name, contextFor(name)).getValue());
    return new KeyBackup(vaultUrl, name, blob);
  }

  @Override
  public VaultKey restoreKey(KeyBackup backup) {
    return toVaultKey(call(VaultCall.RESTORE_KEY, backup.keyName(),
        () -> client.restoreKeyBackupWithResponse(backup.blob(), contextFor(backup.keyName())).getValue()));
  }

  @Override
  public Optional<DeletedVaultKey> findSoftDeletedKey(String name) {
    return absentOn404(VaultCall.GET_DELETED_KEY, name, () -> {
      DeletedKey deleted = client.getDeletedKeyWithResponse(name, contextFor(name)).getValue();
      return new DeletedVaultKey(deleted.getName(), deleted.getRecoveryId(), deleted.getDeletedOn(), deleted.getScheduledPurgeDate());
    });
  }

  @Override
  public Optional<VaultRotationPolicy> getRotationPolicy(String name) {
    return absentOn404(VaultCall.GET_ROTATION_POLICY, name, () -> {
      KeyRotationPolicy policy = client.getKeyRotationPolicyWithResponse(name, contextFor(name)).getValue();
      List<VaultRotationPolicy.Action> actions = policy.getLifetimeActions() == null ? List.of() : policy.getLifetimeActions().stream()
          .map(a -> new VaultRotationPolicy.Action(String.valueOf(a.getAction()), Optional.ofNullable(a.getTimeAfterCreate()),
              Optional.ofNullable(a.getTimeBeforeExpiry()))).toList();
      return new VaultRotationPolicy(name, actions, Optional.ofNullable(policy.getExpiresIn()), policy.getId() == null);
    });
  }

  private Context contextFor(String keyName) {
    KeyWeight weight = weightByName.getOrDefault(keyName.toLowerCase(Locale.ROOT), UNREAD_KEY);
    return RateLimitPolicy.contextFor(weight.protection().operationClass(), weight.size());
  }

  private VaultKey toVaultKey(KeyVaultKey key) {
    KeyProtection protection = KeyType.RSA_HSM.equals(key.getKeyType()) ? KeyProtection.HSM : KeyProtection.SOFTWARE;
    weightByName.put(key.getName().toLowerCase(Locale.ROOT),
        new KeyWeight(protection, new java.math.BigInteger(1, key.getKey().getN()).bitLength()));
    return new VaultKey(toInfo(key.getProperties()), protection, key.getKey().getN(), key.getKey().getE());
  }

  private static VaultKeyInfo toInfo(KeyProperties p) {
    return new VaultKeyInfo(p.getName(), Optional.ofNullable(p.getVersion()).filter(v -> !v.isEmpty()), URI.create(p.getId()),
        !Boolean.FALSE.equals(p.isEnabled()), p.getCreatedOn(), p.getUpdatedOn(),
        Optional.ofNullable(p.getNotBefore()), Optional.ofNullable(p.getExpiresOn()), p.getRecoveryLevel(), p.getTags());
  }

  private void refuseInvalid(NewKey key, VaultCall call) {
    key.problem().ifPresent(problem -> {
      throw new GatewayException(FailureReason.InvalidRequest, "Cannot " + call.description() + " '" + key.name()
          + "' in Key Vault " + vaultUrl + ": " + problem + ".");
    });
  }

  private <T> Optional<T> absentOn404(VaultCall call, String target, Supplier<T> action) {
    try {
      return Optional.of(action.get());
    } catch (HttpResponseException e) {
      if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
        return Optional.empty();
      }
      throw errors.classify(e, call, target);
    } catch (RuntimeException e) {
      throw errors.classify(e, call, target);
    }
  }

  @Override
  public void proveWrapAndUnwrap(String name, String version) {
    byte[] probe = new byte[32];
    new java.security.SecureRandom().nextBytes(probe);
    String target = name + "/" + version;
    CryptographyClient crypto = client.getCryptographyClient(name, version);
    byte[] wrapped = call(VaultCall.WRAP_KEY, target,
        () -> crypto.wrapKey(KeyWrapAlgorithm.RSA_OAEP, probe, contextFor(name)).getEncryptedKey());
    byte[] unwrapped = call(VaultCall.UNWRAP_KEY, target,
        () -> crypto.unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrapped, contextFor(name)).getKey());
    if (!java.util.Arrays.equals(probe, unwrapped)) {
      throw new GatewayException(FailureReason.Unavailable, "Key '" + target + "' in Key Vault " + vaultUrl
          + " did not give back what it wrapped; the key cannot protect database encryption keys.");
    }
  }

  private <T> T call(VaultCall call, String target, Supplier<T> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      throw errors.classify(e, call, target);
    }
  }
}

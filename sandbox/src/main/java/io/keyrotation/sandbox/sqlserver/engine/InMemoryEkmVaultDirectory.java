package io.keyrotation.sandbox.sqlserver.engine;

import io.keyrotation.sandbox.IssuedSecrets;

import io.keyrotation.sandbox.sqlserver.engine.EkmKeyAccess.Outcome;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small in-memory model of Key Vault plus Azure AD for the EKM provider: vaults with keys and
 * versions (each version a random 2048-bit modulus), applications with secrets that expire or
 * are removed, per-vault key permissions, and a throttling switch. Used by the stand-in's own
 * tests and by the demo until the adapter to the Key Vault stand-in replaces it.
 */
public final class InMemoryEkmVaultDirectory implements EkmVaultDirectory {
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Vault> vaults = new HashMap<>();
  private final Map<String, Map<String, Instant>> secretsByClient = new HashMap<>();

  private static final class Vault {
    final Map<String, List<KeyVersion>> keys = new HashMap<>();
    final Set<String> authorizedClients = new HashSet<>();
    boolean throttled;
  }

  private record KeyVersion(String version, byte[] modulus) {}

  public InMemoryEkmVaultDirectory(Clock clock) {
    this.clock = clock;
  }

  public synchronized InMemoryEkmVaultDirectory createVault(String vaultName) {
    vaults.putIfAbsent(vaultName, new Vault());
    return this;
  }

  public synchronized void deleteVault(String vaultName) {
    vaults.remove(vaultName);
  }

  /** Adds a new version of {@code keyName} (creating the key) and returns the version id. */
  public synchronized String addKeyVersion(String vaultName, String keyName) {
    byte[] modulus = new byte[256];
    random.nextBytes(modulus);
    modulus[0] |= (byte) 0x80;
    String version = HexFormat.of().formatHex(randomBytes(16));
    vault(vaultName).keys.computeIfAbsent(keyName, k -> new ArrayList<>()).add(new KeyVersion(version, modulus));
    return version;
  }

  public synchronized void deleteKey(String vaultName, String keyName) {
    vault(vaultName).keys.remove(keyName);
  }

  /** Registers a client secret for an application (client id with hyphens), valid until {@code expires}. */
  public synchronized void addClientSecret(String clientId, String secret, Instant expires) {
    IssuedSecrets.record("client secret known to the EKM vault directory", secret);
    secretsByClient.computeIfAbsent(clientId.toLowerCase(), c -> new HashMap<>()).put(secret, expires);
  }

  public synchronized void removeClientSecret(String clientId, String secret) {
    Map<String, Instant> secrets = secretsByClient.get(clientId.toLowerCase());
    if (secrets != null) {
      secrets.remove(secret);
    }
  }

  /** Grants the application get, list, wrapKey and unwrapKey on the vault's keys. */
  public synchronized void grantKeyAccess(String vaultName, String clientId) {
    vault(vaultName).authorizedClients.add(clientId.toLowerCase());
  }

  public synchronized void revokeKeyAccess(String vaultName, String clientId) {
    vault(vaultName).authorizedClients.remove(clientId.toLowerCase());
  }

  public synchronized void throttle(String vaultName, boolean throttled) {
    vault(vaultName).throttled = throttled;
  }

  @Override
  public synchronized EkmKeyAccess open(String vaultName, String providerKeyName, String clientId, String clientSecret) {
    Vault vault = vaults.get(vaultName);
    if (vault == null) {
      return EkmKeyAccess.failed(Outcome.VAULT_NOT_FOUND);
    }
    Map<String, Instant> secrets = secretsByClient.getOrDefault(clientId.toLowerCase(), Map.of());
    Instant expires = secrets.get(clientSecret);
    if (expires == null || !clock.instant().isBefore(expires)) {
      return EkmKeyAccess.failed(Outcome.BAD_CREDENTIALS);
    }
    if (vault.throttled) {
      return EkmKeyAccess.failed(Outcome.THROTTLED);
    }
    if (!vault.authorizedClients.contains(clientId.toLowerCase())) {
      return EkmKeyAccess.failed(Outcome.ACCESS_DENIED);
    }
    String[] nameAndVersion = providerKeyName.split("/", 2);
    List<KeyVersion> versions = vault.keys.get(nameAndVersion[0]);
    if (versions == null || versions.isEmpty()) {
      return EkmKeyAccess.failed(Outcome.KEY_NOT_FOUND);
    }
    KeyVersion chosen = versions.get(versions.size() - 1);
    if (nameAndVersion.length == 2) {
      chosen = versions.stream().filter(v -> v.version().equals(nameAndVersion[1])).findFirst().orElse(null);
      if (chosen == null) {
        return EkmKeyAccess.failed(Outcome.KEY_NOT_FOUND);
      }
    }
    String keyId = "https://" + vaultName + ".vault.azure.net/keys/" + nameAndVersion[0] + "/" + chosen.version();
    return EkmKeyAccess.opened(keyId, chosen.version(), chosen.modulus());
  }

  private Vault vault(String vaultName) {
    Vault vault = vaults.get(vaultName);
    if (vault == null) {
      throw new IllegalArgumentException("no vault " + vaultName);
    }
    return vault;
  }

  private byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }
}

package io.keyrotation.sandbox.sqlserver.engine;

import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.AsymmetricKey;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Credential;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The instance's model of the SQL Server Connector for Azure Key Vault. It turns a credential
 * (IDENTITY = vault name, SECRET = client id without hyphens + client secret) into calls on the
 * {@link EkmVaultDirectory}, and reports failures with the connector's provider error codes.
 *
 * <p>Credential cache: the first time a credential is used after the instance starts, its
 * secret is remembered, and later uses keep that secret even after {@code ALTER CREDENTIAL},
 * until the instance restarts. This is the documented reason the service must be restarted
 * after changing the secret.
 *
 * <p>Connector version: {@code provider_version} as {@code sys.dm_cryptographic_provider_properties}
 * reports it. Builds 13.x are connector 1.0.4.0, 15.x are 1.0.5.0 and later; the two derive
 * different thumbprints from the same vault key (KB 4470999, the troubleshooting article for
 * error 33111), so a key registered under one is not recognised under the other.
 */
final class EkmConnector {
  static final int MAX_KEY_NAME_LENGTH = 26;
  /** Connector 1.0.5.0, build 15.0.2000.440 (the current download). */
  static final String DEFAULT_VERSION = "15.0.2000.440";
  private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9-]+");
  private static final Pattern CLIENT_ID_HEX = Pattern.compile("[0-9A-Fa-f]{32}");

  private final EkmVaultDirectory directory;
  private final Map<Integer, String> secretInUse = new HashMap<>();
  /** The instance's managed identity (client id), if it has one. */
  private volatile String managedIdentity;
  private String version = DEFAULT_VERSION;

  EkmConnector(EkmVaultDirectory directory) {
    this.directory = directory;
  }

  String version() {
    return version;
  }

  /** Installing another connector build (the service is stopped meanwhile: see {@link SqlServerInstance#installConnector}). */
  void install(String providerVersion) {
    if (!providerVersion.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
      throw new IllegalArgumentException("a provider version looks like 15.0.2000.440, not " + providerVersion);
    }
    this.version = providerVersion;
  }

  /** Opens a vault key for CREATE ASYMMETRIC KEY; failures are error 33049 with the provider code. */
  EkmKeyAccess openForRegistration(Credential credential, String providerKeyName) throws SqlServerError {
    String keyName = providerKeyName.split("/", 2)[0];
    if (keyName.length() > MAX_KEY_NAME_LENGTH) {
      throw keyError(providerKeyName, 2049);
    }
    if (!KEY_NAME.matcher(keyName).matches()) {
      throw keyError(providerKeyName, 3012);
    }
    EkmKeyAccess access = open(credential, providerKeyName);
    return switch (access.outcome()) {
      case OPENED -> access;
      case KEY_NOT_FOUND, ACCESS_DENIED -> throw keyError(providerKeyName, 2058);
      case BAD_CREDENTIALS -> throw keyError(providerKeyName, 3303);
      case VAULT_NOT_FOUND -> throw keyError(providerKeyName, 3900);
      case THROTTLED -> throw keyError(providerKeyName, 3011);
    };
  }

  /** Uses a registered key to wrap or unwrap a database encryption key. */
  void useForDatabaseKey(Credential credential, AsymmetricKey key) throws SqlServerError {
    String versioned = key.keyNameWithoutVersion() + "/" + key.keyVersion;
    EkmKeyAccess access = open(credential, versioned);
    switch (access.outcome()) {
      case OPENED -> {
        if (!MessageDigest.isEqual(thumbprintOf(access.modulus()), key.thumbprint)) {
          throw keyError(key.providerKeyName, 3112);
        }
      }
      case KEY_NOT_FOUND -> throw keyError(key.providerKeyName, 3112);
      case ACCESS_DENIED -> throw keyError(key.providerKeyName, 3113);
      case BAD_CREDENTIALS -> throw keyError(key.providerKeyName, 3108);
      case VAULT_NOT_FOUND -> throw keyError(key.providerKeyName, 3900);
      case THROTTLED -> throw keyError(key.providerKeyName, 3109);
    }
  }

  void assignManagedIdentity(String clientId) {
    managedIdentity = clientId;
  }

  /** Credential id -> the secret (client id hex + client secret) cached for it since the last start. */
  Map<Integer, String> cachedSecrets() {
    return Map.copyOf(secretInUse);
  }

  void forgetCachedSecrets() {
    secretInUse.clear();
  }

  private EkmKeyAccess open(Credential credential, String providerKeyName) throws SqlServerError {
    if (ManagedIdentityCredential.isManagedIdentity(credential.identity)) {
      return ManagedIdentityCredential.open(directory, credential.name, providerKeyName, managedIdentity);
    }
    String secret = secretInUse.computeIfAbsent(credential.id, id -> credential.secret);
    if (secret == null || secret.length() < 32) {
      throw keyError(providerKeyName, 2050);
    }
    String clientIdHex = secret.substring(0, 32);
    if (!CLIENT_ID_HEX.matcher(clientIdHex).matches()) {
      return EkmKeyAccess.failed(EkmKeyAccess.Outcome.BAD_CREDENTIALS);
    }
    String clientId = clientIdHex.substring(0, 8) + "-" + clientIdHex.substring(8, 12) + "-"
        + clientIdHex.substring(12, 16) + "-" + clientIdHex.substring(16, 20) + "-" + clientIdHex.substring(20);
    return directory.open(credential.identity, providerKeyName, clientId, secret.substring(32));
  }

  /**
   * SHA-1 of the public modulus: stable for one key version, different for every other. Connector
   * 1.0.4.0 (builds 13.x) derived thumbprints differently (KB 4470999); the stand-in models that
   * by hashing the modulus in reverse byte order there (the real derivation is not documented).
   */
  byte[] thumbprintOf(byte[] modulus) {
    byte[] input = modulus.clone();
    if (Integer.parseInt(version.substring(0, version.indexOf('.'))) < 15) {
      for (int i = 0, j = input.length - 1; i < j; i++, j--) {
        byte b = input[i];
        input[i] = input[j];
        input[j] = b;
      }
    }
    try {
      return MessageDigest.getInstance("SHA-1").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static SqlServerError keyError(String providerKeyName, int providerCode) {
    return new SqlServerError(33049, 2, 16,
        "Key with name '" + providerKeyName + "' does not exist in the provider or access is denied. "
            + "Provider error code: " + providerCode
            + ".  (Provider Error - No explanation is available, consult EKM Provider for details)");
  }
}

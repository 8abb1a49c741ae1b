package io.keyrotation.operator.keyvault;

import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Whether an identity can use a vault key the way the SQL Server Connector does: wrap a random
 * 32-byte value with the key's latest version (RSA-OAEP) and unwrap it again. The Azure SDK may wrap
 * locally with the public key after reading the key (needs {@code get}); the unwrap always runs in the
 * vault (needs {@code unwrapKey}). Nothing is created or changed in the vault.
 */
public final class KeyWrapProbe {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final URI vault;
  private final Function<String, CryptographyClient> clients;
  private final KeyVaultErrors errors;

  KeyWrapProbe(URI vault, Function<String, CryptographyClient> clients, KeyVaultErrors errors) {
    this.vault = vault;
    this.clients = clients;
    this.errors = errors;
  }

  /** Completes when the round trip gives back the value; otherwise a classified {@link GatewayException}. */
  public void roundTrip(String keyName) {
    byte[] value = new byte[32];
    RANDOM.nextBytes(value);
    CryptographyClient client = clients.apply(vault + "keys/" + keyName);
    byte[] wrapped;
    try {
      wrapped = client.wrapKey(KeyWrapAlgorithm.RSA_OAEP, value).getEncryptedKey();
    } catch (RuntimeException e) {
      throw errors.classify(e, VaultCall.WRAP_KEY, keyName);
    }
    byte[] unwrapped;
    try {
      unwrapped = client.unwrapKey(KeyWrapAlgorithm.RSA_OAEP, wrapped).getKey();
    } catch (RuntimeException e) {
      throw errors.classify(e, VaultCall.UNWRAP_KEY, keyName);
    }
    if (!Arrays.equals(value, unwrapped)) {
      throw new GatewayException(FailureReason.Conflict, "Key '" + keyName + "' in " + vault
          + " unwrapped a value it did not wrap: the key's versions differ from what was read.");
    }
  }
}

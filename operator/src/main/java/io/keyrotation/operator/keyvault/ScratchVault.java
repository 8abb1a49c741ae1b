package io.keyrotation.operator.keyvault;

import com.azure.core.exception.ResourceNotFoundException;
import com.azure.security.keyvault.keys.KeyClient;
import java.time.Duration;

/**
 * A vault the user named as scratch for restore drills. Besides reading and restoring (through the
 * ordinary gateway), it deletes and purges a key: the only deletion in this operator, and callers
 * use it only for a key they restored there themselves and recorded as such before restoring.
 */
public final class ScratchVault {
  private static final Duration POLL = Duration.ofMillis(500);

  private final KeyVaultGateway keys;
  private final KeyClient client;
  private final KeyVaultErrors errors;

  ScratchVault(KeyVaultGateway keys, KeyClient client, KeyVaultErrors errors) {
    this.keys = keys;
    this.client = client;
    this.errors = errors;
  }

  public KeyVaultGateway keys() {
    return keys;
  }

  /** Deletes the key, waits until it is soft-deleted, and purges it; a key already gone is fine. */
  public void deleteAndPurge(String name) {
    if (keys.getKey(name).isPresent()) {
      try {
        var poller = client.beginDeleteKey(name);
        poller.setPollInterval(POLL);
        poller.waitForCompletion(Duration.ofMinutes(2));
      } catch (ResourceNotFoundException gone) {
        // deleted meanwhile
      } catch (RuntimeException e) {
        throw errors.classify(e, VaultCall.DELETE_KEY, name);
      }
    }
    if (keys.findSoftDeletedKey(name).isPresent()) {
      try {
        client.purgeDeletedKey(name);
      } catch (ResourceNotFoundException gone) {
        // purged meanwhile
      } catch (RuntimeException e) {
        throw errors.classify(e, VaultCall.PURGE_DELETED_KEY, name);
      }
    }
  }
}

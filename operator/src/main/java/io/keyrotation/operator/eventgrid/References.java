package io.keyrotation.operator.eventgrid;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Locale;

/**
 * Whether a resource refers to the vault object an event is about, read from the resource as stored
 * (JSON field names as in the CRDs). Key Vault names and hosts are case-insensitive.
 * <ul>
 *   <li>TdeKeyPolicy: same vault, and the key is its active or a previous key, its fixed
 *       {@code spec.key.name}, or carries its {@code spec.key.namePrefix}.</li>
 *   <li>VaultBackupSchedule: same source vault, and the key is selected by name or prefix (or all
 *       keys are); a tag selector cannot be checked from the event, so it counts as selected.</li>
 * </ul>
 * No kind refers to Key Vault secrets yet, so secret events wake nothing.
 */
final class References {
  private References() {}

  static boolean tdeKeyPolicy(JsonNode policy, KeyVaultEvent event) {
    if (event.objectType() != KeyVaultEvent.ObjectType.Key || !sameVault(policy.path("spec").path("vault").path("url"), event)) {
      return false;
    }
    JsonNode key = policy.path("spec").path("key");
    JsonNode status = policy.path("status");
    if (same(key.path("name"), event) || prefixed(key.path("namePrefix"), event) || same(status.path("activeKey").path("keyName"), event)) {
      return true;
    }
    for (JsonNode previous : status.path("previousKeys")) {
      if (same(previous.path("keyName"), event)) {
        return true;
      }
    }
    return false;
  }

  static boolean vaultBackupSchedule(JsonNode schedule, KeyVaultEvent event) {
    JsonNode source = schedule.path("spec").path("source");
    if (event.objectType() != KeyVaultEvent.ObjectType.Key || !sameVault(source.path("vault").path("url"), event)) {
      return false;
    }
    JsonNode keys = source.path("keys");
    if (keys.path("names").isArray() && !keys.path("names").isEmpty()) {
      for (JsonNode name : keys.path("names")) {
        if (same(name, event)) {
          return true;
        }
      }
      return false;
    }
    return !keys.path("namePrefix").isTextual() || prefixed(keys.path("namePrefix"), event);
  }

  private static boolean sameVault(JsonNode url, KeyVaultEvent event) {
    if (!url.isTextual()) {
      return false;
    }
    try {
      String host = URI.create(url.asText()).getHost();
      return host != null && host.toLowerCase(Locale.ROOT).equals(event.vaultHost());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean same(JsonNode name, KeyVaultEvent event) {
    return name.isTextual() && name.asText().equalsIgnoreCase(event.objectName());
  }

  private static boolean prefixed(JsonNode prefix, KeyVaultEvent event) {
    return prefix.isTextual() && !prefix.asText().isEmpty()
        && event.objectName().toLowerCase(Locale.ROOT).startsWith(prefix.asText().toLowerCase(Locale.ROOT));
  }
}

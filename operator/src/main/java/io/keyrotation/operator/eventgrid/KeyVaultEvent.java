package io.keyrotation.operator.eventgrid;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Key Vault expiry event, from the {@code data} Key Vault publishes
 * (https://learn.microsoft.com/azure/event-grid/event-schema-key-vault): {@code Id} (the object's
 * URL with version), {@code VaultName}, {@code ObjectType}, {@code ObjectName}, {@code Version}.
 *
 * @param vaultHost the vault's host, lower case, as in the resources' vault URLs
 */
record KeyVaultEvent(String type, ObjectType objectType, String vaultHost, String objectName) {
  enum ObjectType { Key, Secret }

  static final Map<String, ObjectType> TYPES = Map.of(
      "Microsoft.KeyVault.KeyNearExpiry", ObjectType.Key,
      "Microsoft.KeyVault.KeyExpired", ObjectType.Key,
      "Microsoft.KeyVault.SecretNearExpiry", ObjectType.Secret,
      "Microsoft.KeyVault.SecretExpired", ObjectType.Secret);

  /** Key Vault object names: 1-127 letters, digits and dashes. */
  private static final String NAME = "[0-9A-Za-z-]{1,127}";

  /** The event, or empty with the reason in the exception when its data is not what Key Vault sends. */
  static KeyVaultEvent of(String type, JsonNode data) {
    ObjectType objectType = Optional.ofNullable(TYPES.get(type))
        .orElseThrow(() -> new RefusedDelivery("event type not accepted: only Key Vault key and secret expiry events are"));
    String name = data.path("ObjectName").asText("");
    String id = data.path("Id").asText("");
    if (!name.matches(NAME) || !objectType.name().equals(data.path("ObjectType").asText())) {
      throw new RefusedDelivery(type + ": data.ObjectName and data.ObjectType are not those of a Key Vault " + objectType);
    }
    URI url;
    try {
      url = URI.create(id);
    } catch (IllegalArgumentException e) {
      throw new RefusedDelivery(type + ": data.Id is not a URL");
    }
    String collection = objectType == ObjectType.Key ? "/keys/" : "/secrets/";
    if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null || url.getRawPath() == null
        || !url.getRawPath().toLowerCase(Locale.ROOT).startsWith(collection + name.toLowerCase(Locale.ROOT))) {
      throw new RefusedDelivery(type + ": data.Id is not the URL of that " + objectType);
    }
    return new KeyVaultEvent(type, objectType, url.getHost().toLowerCase(Locale.ROOT), name);
  }
}

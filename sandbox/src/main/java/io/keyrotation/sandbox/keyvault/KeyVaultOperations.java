package io.keyrotation.sandbox.keyvault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyrotation.sandbox.aad.SandboxHttp;
import java.security.GeneralSecurityException;
import java.security.spec.MGF1ParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/** Serves an authenticated, authorised request: runs the operation on the vault's keys and renders JSON. */
final class KeyVaultOperations {
  static final int MAX_PAGE_SIZE = 25;
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

  /** A response: status and JSON body (null for none). */
  record Reply(int status, JsonNode body) {}

  private final VaultKeys keys;
  private final KeyVaultJson json;
  private final String vaultUrl;
  private final Clock clock;

  KeyVaultOperations(VaultKeys keys, KeyVaultJson json, String vaultUrl, Clock clock) {
    this.keys = keys;
    this.json = json;
    this.vaultUrl = vaultUrl;
    this.clock = clock;
  }

  Reply serve(KeyVaultRoute route, Map<String, String> query, JsonNode body) {
    return switch (route.operation()) {
      case CREATE_KEY -> {
        KeyVersion created = keys.create(route.name(), createRequest(body));
        yield ok(json.keyBundle(keys.active(route.name()).name(), created));
      }
      case GET_KEY -> ok(json.keyBundle(keys.active(route.name()).name(), keys.version(route.name(), route.version())));
      case LIST_KEYS -> ok(page("/keys", query, keys.activeKeys().stream()
          .map(k -> (JsonNode) json.keyItem(k.name(), k.latest(), false)).toList()));
      case LIST_KEY_VERSIONS -> {
        StoredKey key = keys.active(route.name());
        yield ok(page("/keys/" + key.name() + "/versions", query, key.versions().stream()
            .map(v -> (JsonNode) json.keyItem(key.name(), v, true)).toList()));
      }
      case DELETE_KEY -> ok(json.deletedKeyBundle(keys.softDelete(route.name())));
      case GET_DELETED_KEY -> ok(json.deletedKeyBundle(keys.deleted(route.name())));
      case LIST_DELETED_KEYS -> ok(page("/deletedkeys", query, keys.deletedKeys().stream()
          .map(k -> (JsonNode) json.deletedKeyItem(k)).toList()));
      case PURGE_DELETED_KEY -> {
        keys.purge(route.name());
        yield new Reply(204, null);
      }
      case RECOVER_DELETED_KEY -> {
        StoredKey recovered = keys.recover(route.name());
        yield ok(json.keyBundle(recovered.name(), recovered.latest()));
      }
      case BACKUP_KEY -> ok(SandboxHttp.JSON.createObjectNode()
          .put("value", B64URL.encodeToString(BackupBlobs.seal(keys.backup(route.name())))));
      case RESTORE_KEY -> {
        StoredKey restored = keys.restore(BackupBlobs.open(decode(body.path("value").asText(""), "value")));
        yield ok(json.keyBundle(restored.name(), restored.latest()));
      }
      case WRAP_KEY -> crypt(route, body, Cipher.ENCRYPT_MODE, "wrapKey");
      case UNWRAP_KEY -> crypt(route, body, Cipher.DECRYPT_MODE, "unwrapKey");
      case GET_ROTATION_POLICY -> ok(json.rotationPolicy(keys.active(route.name()).name(), keys.rotationPolicy(route.name())));
    };
  }

  private Reply crypt(KeyVaultRoute route, JsonNode body, int mode, String keyOp) {
    KeyVersion version = keys.version(route.name(), route.version());
    if (!version.enabled()) {
      throw new VaultError(403, "Forbidden", "Operation " + keyOp + " is not allowed on a disabled key.");
    }
    // "About Azure Key Vault keys", date-time controlled operations: not-yet-valid and expired keys
    // "will work for decrypt, release, unwrap, and verify operations (won't return 403, Forbidden)";
    // encrypt, wrap and sign are refused with 403. A disabled key refuses everything.
    if (mode == Cipher.ENCRYPT_MODE && !version.usableAt(clock.instant())) {
      throw new VaultError(403, "Forbidden", "Operation " + keyOp + " is not allowed on an expired or not yet active key.");
    }
    if (!version.keyOps().contains(keyOp)) {
      throw new VaultError(403, "Forbidden", "Operation " + keyOp + " is not permitted on this key.");
    }
    byte[] input = decode(body.path("value").asText(""), "value");
    try {
      Cipher cipher = cipherFor(body.path("alg").asText(""));
      cipher.init(mode, mode == Cipher.ENCRYPT_MODE ? version.publicKey() : version.keyPair().getPrivate(),
          parametersFor(body.path("alg").asText("")));
      byte[] output = cipher.doFinal(input);
      return ok(SandboxHttp.JSON.createObjectNode()
          .put("kid", json.keyId(keys.active(route.name()).name(), version.version()))
          .put("value", B64URL.encodeToString(output)));
    } catch (GeneralSecurityException e) {
      throw VaultError.badParameter("The " + keyOp + " operation failed: " + e.getMessage());
    }
  }

  private static Cipher cipherFor(String alg) throws GeneralSecurityException {
    return switch (alg) {
      case "RSA-OAEP", "RSA-OAEP-256" -> Cipher.getInstance("RSA/ECB/OAEPPadding");
      case "RSA1_5" -> Cipher.getInstance("RSA/ECB/PKCS1Padding");
      default -> throw VaultError.badParameter("Invalid algorithm: " + alg + ". Use RSA-OAEP, RSA-OAEP-256 or RSA1_5.");
    };
  }

  private static OAEPParameterSpec parametersFor(String alg) {
    return switch (alg) {
      case "RSA-OAEP" -> new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);
      case "RSA-OAEP-256" -> new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
      default -> null;
    };
  }

  private ObjectNode page(String path, Map<String, String> query, List<JsonNode> items) {
    int size = Math.max(1, Math.min(MAX_PAGE_SIZE, intParam(query, "maxresults", MAX_PAGE_SIZE)));
    int offset = Math.max(0, intParam(query, "$skiptoken", 0));
    ObjectNode page = SandboxHttp.JSON.createObjectNode();
    ArrayNode value = page.putArray("value");
    items.stream().skip(offset).limit(size).forEach(value::add);
    int next = offset + size;
    if (next < items.size()) {
      page.put("nextLink", vaultUrl + path + "?api-version=" + query.getOrDefault("api-version", "7.6")
          + "&$skiptoken=" + next + "&maxresults=" + size);
    } else {
      page.putNull("nextLink");
    }
    return page;
  }

  private static VaultKeys.CreateRequest createRequest(JsonNode body) {
    JsonNode attributes = body.path("attributes");
    List<String> ops = new ArrayList<>();
    body.path("key_ops").forEach(op -> ops.add(op.asText()));
    Map<String, String> tags = new LinkedHashMap<>();
    body.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    return new VaultKeys.CreateRequest(
        body.path("kty").asText(""),
        body.path("key_size").asInt(2048),
        body.path("public_exponent").asInt(0),
        ops,
        attributes.path("enabled").asBoolean(true),
        epochOrNull(attributes.path("nbf")),
        epochOrNull(attributes.path("exp")),
        tags);
  }

  private static Instant epochOrNull(JsonNode node) {
    return node.isNumber() ? Instant.ofEpochSecond(node.asLong()) : null;
  }

  private static int intParam(Map<String, String> query, String name, int fallback) {
    try {
      return query.containsKey(name) ? Integer.parseInt(query.get(name)) : fallback;
    } catch (NumberFormatException e) {
      throw VaultError.badParameter("Invalid value for query parameter " + name + ".");
    }
  }

  private static byte[] decode(String base64url, String field) {
    try {
      return B64URL_DECODER.decode(base64url);
    } catch (IllegalArgumentException e) {
      throw VaultError.badParameter("Property '" + field + "' is not valid base64url.");
    }
  }

  private static Reply ok(JsonNode body) {
    return new Reply(200, body);
  }
}

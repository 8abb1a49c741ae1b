package io.keyrotation.sandbox.keyvault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyrotation.sandbox.aad.SandboxHttp;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/** Key Vault's JSON shapes (REST API 7.x): key bundles, key items, deleted keys, errors. */
final class KeyVaultJson {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final String vaultUrl;
  private final VaultDefinition vault;
  private final VaultProperties properties;

  KeyVaultJson(String vaultUrl, VaultDefinition vault, VaultProperties properties) {
    this.vaultUrl = vaultUrl;
    this.vault = vault;
    this.properties = properties;
  }

  String keyId(String name, String version) {
    return vaultUrl + "/keys/" + name + (version == null ? "" : "/" + version);
  }

  /** {@code KeyBundle}: the key (public part only) with its attributes and tags. */
  ObjectNode keyBundle(String name, KeyVersion v) {
    ObjectNode bundle = SandboxHttp.JSON.createObjectNode();
    ObjectNode key = bundle.putObject("key")
        .put("kid", keyId(name, v.version()))
        .put("kty", v.keyType());
    v.keyOps().forEach(key.putArray("key_ops")::add);
    key.put("n", B64URL.encodeToString(KeyView.unsigned(v.publicKey().getModulus())));
    key.put("e", B64URL.encodeToString(KeyView.unsigned(v.publicKey().getPublicExponent())));
    bundle.set("attributes", attributes(v));
    tags(bundle, v.tags());
    return bundle;
  }

  /** {@code KeyItem}, as listed: id without version for keys, with version for key versions. */
  ObjectNode keyItem(String name, KeyVersion v, boolean withVersion) {
    ObjectNode item = SandboxHttp.JSON.createObjectNode().put("kid", keyId(name, withVersion ? v.version() : null));
    item.set("attributes", attributes(v));
    tags(item, v.tags());
    return item;
  }

  ObjectNode deletedKeyBundle(StoredKey key) {
    return withDeletion(keyBundle(key.name(), key.latest()), key);
  }

  ObjectNode deletedKeyItem(StoredKey key) {
    return withDeletion(keyItem(key.name(), key.latest(), false), key);
  }

  private ObjectNode withDeletion(ObjectNode node, StoredKey key) {
    return node.put("recoveryId", vaultUrl + "/deletedkeys/" + key.name())
        .put("deletedDate", key.deletedOn().getEpochSecond())
        .put("scheduledPurgeDate", key.scheduledPurgeDate().getEpochSecond());
  }

  /** {@code KeyRotationPolicy}: no id for the default policy of a key whose policy was never set. */
  ObjectNode rotationPolicy(String name, RotationPolicy policy) {
    ObjectNode node = SandboxHttp.JSON.createObjectNode();
    if (!policy.isDefault()) {
      node.put("id", keyId(name, null) + "/rotationpolicy");
    }
    var actions = node.putArray("lifetimeActions");
    for (RotationPolicy.LifetimeAction action : policy.lifetimeActions()) {
      ObjectNode entry = actions.addObject();
      ObjectNode trigger = entry.putObject("trigger");
      action.timeAfterCreate().ifPresent(p -> trigger.put("timeAfterCreate", p.toString()));
      action.timeBeforeExpiry().ifPresent(p -> trigger.put("timeBeforeExpiry", p.toString()));
      entry.putObject("action").put("type", action.type().name());
    }
    ObjectNode attributes = node.putObject("attributes");
    policy.expiryTime().ifPresent(p -> attributes.put("expiryTime", p.toString()));
    putTime(attributes, "created", policy.created());
    putTime(attributes, "updated", policy.updated());
    return node;
  }

  static ObjectNode error(String code, String message) {
    ObjectNode body = SandboxHttp.JSON.createObjectNode();
    body.putObject("error").put("code", code).put("message", message);
    return body;
  }

  static ObjectNode error(String code, String message, String innerCode) {
    ObjectNode body = error(code, message);
    ((ObjectNode) body.get("error")).putObject("innererror").put("code", innerCode);
    return body;
  }

  private ObjectNode attributes(KeyVersion v) {
    ObjectNode attributes = SandboxHttp.JSON.createObjectNode().put("enabled", v.enabled());
    putTime(attributes, "nbf", v.notBefore());
    putTime(attributes, "exp", v.expires());
    attributes.put("created", v.created().getEpochSecond())
        .put("updated", v.updated().getEpochSecond())
        .put("recoveryLevel", properties.recoveryLevel(vault.softDeleteRetentionDays()))
        .put("recoverableDays", vault.softDeleteRetentionDays())
        .put("exportable", false);
    return attributes;
  }

  private static void putTime(ObjectNode node, String field, Instant time) {
    if (time != null) {
      node.put(field, time.getEpochSecond());
    }
  }

  private static void tags(ObjectNode node, Map<String, String> tags) {
    if (!tags.isEmpty()) {
      ObjectNode out = node.putObject("tags");
      tags.forEach(out::put);
    }
  }
}

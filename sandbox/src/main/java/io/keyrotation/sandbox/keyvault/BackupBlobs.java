package io.keyrotation.sandbox.keyvault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyrotation.sandbox.aad.SandboxHttp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Key backups as opaque, protected blobs, like Key Vault's: the content (all versions, the source
 * vault's geography and subscription) is encrypted with AES-GCM under a key that every stand-in in
 * this process shares, so a blob can be restored into any sandbox vault that Azure would accept it
 * into, and a tampered blob is refused.
 */
final class BackupBlobs {
  private static final byte[] MAGIC = "KRSANDBOX-KEYBACKUP-1".getBytes(StandardCharsets.US_ASCII);
  private static final SecretKey PROTECTION_KEY = newProtectionKey();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private BackupBlobs() {}

  static byte[] seal(BackupContent content) {
    try {
      byte[] plain = SandboxHttp.JSON.writeValueAsBytes(toJson(content));
      byte[] iv = new byte[12];
      RANDOM.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, PROTECTION_KEY, new GCMParameterSpec(128, iv));
      cipher.updateAAD(MAGIC);
      byte[] sealed = cipher.doFinal(plain);
      return ByteBuffer.allocate(MAGIC.length + iv.length + sealed.length).put(MAGIC).put(iv).put(sealed).array();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot seal a key backup", e);
    }
  }

  static BackupContent open(byte[] blob) {
    if (blob.length < MAGIC.length + 12 || !Arrays.equals(Arrays.copyOf(blob, MAGIC.length), MAGIC)) {
      throw VaultError.badParameter("The specified backup blob is corrupt or was not produced by Azure Key Vault.");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, PROTECTION_KEY, new GCMParameterSpec(128, blob, MAGIC.length, 12));
      cipher.updateAAD(MAGIC);
      byte[] plain = cipher.doFinal(blob, MAGIC.length + 12, blob.length - MAGIC.length - 12);
      return fromJson(SandboxHttp.JSON.readTree(plain));
    } catch (GeneralSecurityException | IOException e) {
      throw VaultError.badParameter("The specified backup blob is corrupt or was not produced by Azure Key Vault.");
    }
  }

  private static ObjectNode toJson(BackupContent content) {
    ObjectNode root = SandboxHttp.JSON.createObjectNode()
        .put("sourceVault", content.sourceVault())
        .put("geography", content.geography())
        .put("subscriptionId", content.subscriptionId())
        .put("keyName", content.keyName());
    ArrayNode versions = root.putArray("versions");
    for (KeyVersion v : content.versions()) {
      ObjectNode node = versions.addObject()
          .put("version", v.version())
          .put("kty", v.keyType())
          .put("public", B64.encodeToString(v.keyPair().getPublic().getEncoded()))
          .put("private", B64.encodeToString(v.keyPair().getPrivate().getEncoded()))
          .put("created", v.created().toString())
          .put("updated", v.updated().toString())
          .put("enabled", v.enabled());
      if (v.notBefore() != null) {
        node.put("nbf", v.notBefore().toString());
      }
      if (v.expires() != null) {
        node.put("exp", v.expires().toString());
      }
      v.keyOps().forEach(node.putArray("keyOps")::add);
      ObjectNode tags = node.putObject("tags");
      v.tags().forEach(tags::put);
    }
    return root;
  }

  private static BackupContent fromJson(JsonNode root) throws GeneralSecurityException {
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    List<KeyVersion> versions = new ArrayList<>();
    for (JsonNode v : root.path("versions")) {
      KeyPair pair = new KeyPair(
          rsa.generatePublic(new X509EncodedKeySpec(B64D.decode(v.path("public").asText()))),
          rsa.generatePrivate(new PKCS8EncodedKeySpec(B64D.decode(v.path("private").asText()))));
      List<String> ops = new ArrayList<>();
      v.path("keyOps").forEach(op -> ops.add(op.asText()));
      Map<String, String> tags = new LinkedHashMap<>();
      v.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
      versions.add(new KeyVersion(v.path("version").asText(), v.path("kty").asText(), pair, ops,
          Instant.parse(v.path("created").asText()), Instant.parse(v.path("updated").asText()),
          v.path("enabled").asBoolean(), instantOrNull(v.path("nbf")), instantOrNull(v.path("exp")), tags));
    }
    return new BackupContent(root.path("sourceVault").asText(), root.path("geography").asText(),
        root.path("subscriptionId").asText(), root.path("keyName").asText(), versions);
  }

  private static Instant instantOrNull(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : Instant.parse(node.asText());
  }

  private static SecretKey newProtectionKey() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256);
      return generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

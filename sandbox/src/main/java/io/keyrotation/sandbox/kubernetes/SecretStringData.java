package io.keyrotation.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * What the API server does with a Secret's {@code stringData} and the mock does not: each entry is
 * base64-encoded into {@code data} (overriding a key of the same name) and {@code stringData} is
 * dropped, so readers only ever see {@code data}.
 */
final class SecretStringData {

  private SecretStringData() {
  }

  static boolean isSecretWrite(ResourcePath path) {
    return path.isCoreGroup() && "secrets".equals(path.plural()) && !path.isStatus();
  }

  /** The body with stringData folded into data, or unchanged when there is none. */
  static String folded(String body) {
    JsonNode parsed;
    try {
      parsed = ObjectStore.parse(body);
    } catch (IllegalArgumentException e) {
      return body;
    }
    if (!parsed.isObject() || !parsed.path("stringData").isObject()) {
      return body;
    }
    ObjectNode secret = (ObjectNode) parsed;
    ObjectNode data = secret.path("data").isObject() ? (ObjectNode) secret.get("data") : secret.putObject("data");
    Iterator<Map.Entry<String, JsonNode>> entries = secret.get("stringData").fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      data.put(entry.getKey(),
          Base64.getEncoder().encodeToString(entry.getValue().asText().getBytes(StandardCharsets.UTF_8)));
    }
    secret.remove("stringData");
    return secret.toString();
  }
}

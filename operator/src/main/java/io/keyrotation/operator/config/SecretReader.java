package io.keyrotation.operator.config;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads values from Secrets, one request per Secret, and public values such as a CA certificate from ConfigMaps;
 * errors name the object and the key, never a value.
 */
public class SecretReader {
  private final KubernetesClient client;

  public SecretReader(KubernetesClient client) {
    this.client = client;
  }

  /** The decoded values of {@code keys}, in their order; every key must be present and non-empty. */
  public Map<String, String> values(String namespace, String secretName, List<String> keys) {
    Map<String, String> data = fetch(namespace, secretName).getData();
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : keys) {
      String encoded = data == null ? null : data.get(key);
      if (encoded == null || encoded.isEmpty()) {
        throw new GatewayException(FailureReason.NotFound,
            "Secret " + namespace + "/" + secretName + " has no key '" + key + "' (or it is empty)");
      }
      values.put(key, decode(namespace, secretName, key, encoded));
    }
    return values;
  }

  /** The value of {@code key} in a ConfigMap; it must be present and non-empty. */
  public String configMapValue(String namespace, String configMapName, String key) {
    ConfigMap configMap;
    try {
      configMap = client.configMaps().inNamespace(namespace).withName(configMapName).get();
    } catch (KubernetesClientException e) {
      FailureReason reason = e.getCode() == 403 ? FailureReason.Forbidden : FailureReason.Unavailable;
      throw new GatewayException(reason, "could not read ConfigMap " + namespace + "/" + configMapName
          + " (HTTP " + e.getCode() + "); the operator needs get on configmaps in this namespace");
    }
    if (configMap == null) {
      throw new GatewayException(FailureReason.NotFound, "ConfigMap " + namespace + "/" + configMapName + " does not exist");
    }
    String value = configMap.getData() == null ? null : configMap.getData().get(key);
    if (value == null || value.isBlank()) {
      throw new GatewayException(FailureReason.NotFound,
          "ConfigMap " + namespace + "/" + configMapName + " has no key '" + key + "' (or it is empty)");
    }
    return value;
  }

  private Secret fetch(String namespace, String secretName) {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    } catch (KubernetesClientException e) {
      FailureReason reason = e.getCode() == 403 ? FailureReason.Forbidden : FailureReason.Unavailable;
      throw new GatewayException(reason, "could not read Secret " + namespace + "/" + secretName
          + " (HTTP " + e.getCode() + "); the operator needs get on secrets in this namespace");
    }
    if (secret == null) {
      throw new GatewayException(FailureReason.NotFound, "Secret " + namespace + "/" + secretName + " does not exist");
    }
    return secret;
  }

  private static String decode(String namespace, String secretName, String key, String encoded) {
    try {
      return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).trim();
    } catch (IllegalArgumentException e) {
      throw new GatewayException(FailureReason.InvalidSpec,
          "Secret " + namespace + "/" + secretName + " key '" + key + "' is not valid base64");
    }
  }
}

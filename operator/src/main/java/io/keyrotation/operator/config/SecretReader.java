package io.keyrotation.operator.config;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads single values from Secrets; errors name the Secret and the key, never a value. */
public class SecretReader {
  private final KubernetesClient client;

  public SecretReader(KubernetesClient client) {
    this.client = client;
  }

  public String value(String namespace, String secretName, String key) {
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
    String encoded = secret.getData() == null ? null : secret.getData().get(key);
    if (encoded == null || encoded.isEmpty()) {
      throw new GatewayException(FailureReason.NotFound,
          "Secret " + namespace + "/" + secretName + " has no key '" + key + "' (or it is empty)");
    }
    try {
      return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).trim();
    } catch (IllegalArgumentException e) {
      throw new GatewayException(FailureReason.InvalidSpec,
          "Secret " + namespace + "/" + secretName + " key '" + key + "' is not valid base64");
    }
  }
}

package io.keyrotation.operator.principal;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyrotation.operator.api.principal.RotationTargets.KubernetesSecretTarget;
import io.keyrotation.operator.api.principal.RotationTargets.ValueFormat;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Optional;

/** The Kubernetes Secrets a rotation names: what they hold now (as a hint) and writing the new secret into them. */
final class SecretTargets {
  private final KubernetesClient client;

  SecretTargets(KubernetesClient client) {
    this.client = client;
  }

  /** The first three characters of the client secret the target holds, as Graph's hint shows them. */
  Optional<String> heldHint(String namespace, KubernetesSecretTarget target, String clientId) {
    Secret secret = client.secrets().inNamespace(namespace).withName(target.name()).get();
    if (secret == null || secret.getData() == null || secret.getData().get(target.key()) == null) {
      return Optional.empty();
    }
    String value = new String(Base64.getDecoder().decode(secret.getData().get(target.key())), StandardCharsets.UTF_8);
    if (target.format() == ValueFormat.EkmSecret) {
      String prefix = clientId.replace("-", "");
      value = value.regionMatches(true, 0, prefix, 0, prefix.length()) ? value.substring(prefix.length()) : "";
    }
    return value.length() < 3 ? Optional.empty() : Optional.of(value.substring(0, 3));
  }

  /** Puts the secret into the target's key (other keys unchanged); the Secret must exist. */
  void write(String namespace, KubernetesSecretTarget target, String clientId, String secretText) {
    Secret secret = client.secrets().inNamespace(namespace).withName(target.name()).get();
    if (secret == null) {
      throw new GatewayException(FailureReason.NotFound, "Secret " + namespace + "/" + target.name() + " (a target in spec.targets."
          + "kubernetesSecrets) does not exist; the operator updates Secrets but does not create them.");
    }
    String value = target.format() == ValueFormat.EkmSecret ? clientId.replace("-", "") + secretText : secretText;
    var data = new HashMap<>(secret.getData() == null ? java.util.Map.<String, String>of() : secret.getData());
    data.put(target.key(), Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    secret.setData(data);
    client.secrets().inNamespace(namespace).resource(secret).update();
  }
}

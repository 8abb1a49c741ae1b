package io.keyrotation.operator.principal;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.graph.AddedPassword;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The Secret where each new client secret is saved the moment Graph returns it, before it is used
 * anywhere (Graph shows it only once). Owned by the ServicePrincipalRotation, so it goes with it;
 * annotated with the rotation id and key id it holds, never with the secret.
 */
final class StagingSecret {
  static final String VALUE_KEY = "clientSecret";
  static final String ROTATION_ID = "keyrotation.io/rotation-id";
  static final String KEY_ID = "keyrotation.io/key-id";
  static final String HINT = "keyrotation.io/hint";

  /** What the staging Secret holds. {@link #toString()} never shows the secret. */
  record Staged(String rotationId, String keyId, String secretText) {
    @Override
    public String toString() {
      return "Staged[rotationId=" + rotationId + ", keyId=" + keyId + ", secretText=<redacted>]";
    }
  }

  private final KubernetesClient client;

  StagingSecret(KubernetesClient client) {
    this.client = client;
  }

  static String nameOf(ServicePrincipalRotation rotation) {
    String configured = rotation.getSpec().stagingSecretName();
    return configured != null ? configured : rotation.getMetadata().getName() + "-client-secret";
  }

  Optional<Staged> read(ServicePrincipalRotation rotation) {
    Secret secret = client.secrets().inNamespace(rotation.getMetadata().getNamespace()).withName(nameOf(rotation)).get();
    if (secret == null || secret.getData() == null || !secret.getData().containsKey(VALUE_KEY)) {
      return Optional.empty();
    }
    Map<String, String> annotations = secret.getMetadata().getAnnotations() == null ? Map.of() : secret.getMetadata().getAnnotations();
    String text = new String(Base64.getDecoder().decode(secret.getData().get(VALUE_KEY)), StandardCharsets.UTF_8);
    return Optional.of(new Staged(annotations.get(ROTATION_ID), annotations.get(KEY_ID), text));
  }

  void save(ServicePrincipalRotation rotation, String rotationId, AddedPassword added) {
    Secret secret = new SecretBuilder()
        .withNewMetadata()
          .withName(nameOf(rotation))
          .withNamespace(rotation.getMetadata().getNamespace())
          .addToLabels("app.kubernetes.io/managed-by", "keyrotation-operator")
          .addToAnnotations(ROTATION_ID, rotationId)
          .addToAnnotations(KEY_ID, added.credential().keyId())
          .addToAnnotations(HINT, String.valueOf(added.credential().hint()))
          .addNewOwnerReference()
            .withApiVersion(rotation.getApiVersion())
            .withKind(rotation.getKind())
            .withName(rotation.getMetadata().getName())
            .withUid(rotation.getMetadata().getUid())
            .withController(true)
          .endOwnerReference()
        .endMetadata()
        .withType("Opaque")
        .addToData(VALUE_KEY, Base64.getEncoder().encodeToString(added.secretText().getBytes(StandardCharsets.UTF_8)))
        .build();
    Secret existing = client.secrets().inNamespace(rotation.getMetadata().getNamespace()).withName(nameOf(rotation)).get();
    if (existing == null) {
      client.secrets().inNamespace(rotation.getMetadata().getNamespace()).resource(secret).create();
    } else {
      secret.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      client.secrets().inNamespace(rotation.getMetadata().getNamespace()).resource(secret).update();
    }
  }
}

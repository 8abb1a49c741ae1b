package io.keyrotation.operator.tde;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.keyrotation.operator.PruningStore;

/**
 * The store of the policies' Secrets informer. A policy needs to know that a Secret it references
 * changed (its resourceVersion), never the values, which are read from the API when used; so each
 * Secret of the watched namespaces is kept as its metadata alone: no secret value stays in the
 * process, and the namespace's other Secrets (one per ServicePrincipalRotation target, tokens,
 * releases) cost their metadata only.
 */
final class SecretMetadataStore extends PruningStore<Secret> {
  @Override
  protected Secret prune(Secret secret) {
    return metadataOnly(secret);
  }

  private static Secret metadataOnly(Secret secret) {
    var metadata = secret.getMetadata();
    if (metadata != null && metadata.getManagedFields() != null && !metadata.getManagedFields().isEmpty()) {
      // The API server's field-ownership records: larger than the rest of the metadata, and never read here.
      metadata = new ObjectMetaBuilder(metadata).withManagedFields().build();
    }
    return new SecretBuilder().withApiVersion(secret.getApiVersion()).withKind(secret.getKind())
        .withMetadata(metadata).withType(secret.getType()).build();
  }
}

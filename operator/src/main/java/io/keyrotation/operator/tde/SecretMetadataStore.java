package io.keyrotation.operator.tde;

import io.fabric8.kubernetes.api.model.Secret;
import io.keyrotation.operator.PruningStore;
import java.util.Map;

/**
 * The store of the policies' Secrets informer. A policy needs to know that a Secret it references
 * changed (its resourceVersion), never the values, which are read from the API when used; so each
 * Secret of the watched namespaces is kept as its identity alone: no secret value stays in the
 * process (not even in kubectl's last-applied-configuration annotation, which holds the data of a
 * Secret applied with kubectl), and the namespace's other Secrets (one per ServicePrincipalRotation
 * target, tokens, releases) cost little.
 */
final class SecretMetadataStore extends PruningStore<Secret> {
  @Override
  protected Secret prune(Secret secret) {
    return metadataOnly(secret);
  }

  private static Secret metadataOnly(Secret secret) {
    Secret kept = new Secret();
    kept.setApiVersion(secret.getApiVersion());
    kept.setKind(secret.getKind());
    kept.setMetadata(identity(secret.getMetadata()));
    kept.setType(secret.getType());
    kept.setData(Map.of());
    kept.setStringData(Map.of());
    kept.setAdditionalProperties(Map.of());
    return kept;
  }
}

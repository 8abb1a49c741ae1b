package io.keyrotation.operator.tde;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.stream.Stream;

/**
 * The store of the policies' Secrets informer. A policy needs to know that a Secret it references
 * changed (its resourceVersion), never the values, which are read from the API when used; so each
 * Secret of the watched namespaces is kept as its metadata alone: no secret value stays in the
 * process, and the namespace's other Secrets (one per ServicePrincipalRotation target, tokens,
 * releases) cost their metadata only.
 */
final class SecretMetadataStore implements ItemStore<Secret> {
  private final BasicItemStore<Secret> store = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);

  @Override
  public String getKey(Secret secret) {
    return store.getKey(secret);
  }

  @Override
  public Secret put(String key, Secret secret) {
    return store.put(key, metadataOnly(secret));
  }

  @Override
  public Secret remove(String key) {
    return store.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return store.keySet();
  }

  @Override
  public Stream<Secret> values() {
    return store.values();
  }

  @Override
  public int size() {
    return store.size();
  }

  @Override
  public Secret get(String key) {
    return store.get(key);
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

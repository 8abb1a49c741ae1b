package io.keyrotation.operator.soak;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What JOSDK hands a reconcile, for a reconcile the soak calls itself: the operator's client, the
 * resource, and the resources of its kind as the informer's cache would hold them. Our reconcilers
 * use nothing else; anything else is refused loudly rather than answered with a made-up value.
 */
final class DrivenContext<P extends HasMetadata> implements Context<P> {
  private final KubernetesClient client;
  private final P primary;
  private final List<P> cache;

  DrivenContext(KubernetesClient client, P primary, List<P> cache) {
    this.client = client;
    this.primary = primary;
    this.cache = List.copyOf(cache);
  }

  @Override
  public KubernetesClient getClient() {
    return client;
  }

  @Override
  public P getPrimaryResource() {
    return primary;
  }

  @Override
  public IndexedResourceCache<P> getPrimaryCache() {
    return new IndexedResourceCache<>() {
      @Override
      public List<P> byIndex(String indexName, String indexKey) {
        throw new UnsupportedOperationException("no indexes in a driven reconcile");
      }

      @Override
      public Stream<P> list(String namespace, Predicate<P> predicate) {
        return cache.stream().filter(r -> namespace.equals(r.getMetadata().getNamespace())).filter(predicate);
      }

      @Override
      public Optional<P> get(ResourceID id) {
        return cache.stream().filter(r -> ResourceID.fromResource(r).equals(id)).findFirst();
      }

      @Override
      public Stream<ResourceID> keys() {
        return cache.stream().map(ResourceID::fromResource);
      }

      @Override
      public Stream<P> list(Predicate<P> predicate) {
        return cache.stream().filter(predicate);
      }
    };
  }

  @Override
  public Optional<RetryInfo> getRetryInfo() {
    return Optional.empty();
  }

  @Override
  public boolean isNextReconciliationImminent() {
    return false;
  }

  @Override
  public boolean isPrimaryResourceDeleted() {
    return false;
  }

  @Override
  public boolean isPrimaryResourceFinalStateUnknown() {
    return false;
  }

  @Override
  public <R> Set<R> getSecondaryResources(Class<R> expectedType) {
    throw unsupported();
  }

  @Override
  public <R> Optional<R> getSecondaryResource(Class<R> expectedType, String eventSourceName) {
    throw unsupported();
  }

  @Override
  public ControllerConfiguration<P> getControllerConfiguration() {
    throw unsupported();
  }

  @Override
  public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() {
    throw unsupported();
  }

  @Override
  public EventSourceRetriever<P> eventSourceRetriever() {
    throw unsupported();
  }

  @Override
  public ExecutorService getWorkflowExecutorService() {
    throw unsupported();
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("not available in a driven reconcile");
  }
}

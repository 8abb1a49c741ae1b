package io.keyrotation.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The request pipeline of the stand-in: the generic shims for what the mock's CRUD dispatcher lacks, then the CRUD
 * dispatcher itself. Writes are serialized, so that a patch reads and replaces its object in one step.
 */
final class KubernetesApiDispatcher extends Dispatcher {

  private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
  private final ObjectStore store = new ObjectStore(crud);
  private final CustomResourceKinds customResources = new CustomResourceKinds(store);
  private final PatchTranslator patches = new PatchTranslator(store, customResources);
  private final SelfSubjectReviews reviews = new SelfSubjectReviews();
  private final ReentrantLock writeLock = new ReentrantLock();

  @Override
  public MockResponse dispatch(RecordedRequest recorded) {
    ApiRequest request = ApiRequest.of(recorded);
    if (reviews.handles(request)) {
      return reviews.answer(request);
    }
    if (!request.isWrite()) {
      return crud.dispatch(recorded);
    }
    writeLock.lock();
    try {
      return write(request);
    } finally {
      writeLock.unlock();
    }
  }

  private MockResponse write(ApiRequest request) {
    Optional<ResourcePath> path = ResourcePath.parse(request.path());
    if (request.method() == HttpMethod.PATCH && path.isPresent() && path.get().isObject()) {
      return patches.patch(request, path.get(), this::store);
    }
    return store(request);
  }

  /** Creates, updates and deletes, after the checks the API server makes and the mock does not. */
  private MockResponse store(ApiRequest request) {
    Optional<ResourcePath> path = ResourcePath.parse(request.path());
    if (request.method() == HttpMethod.PUT && path.isPresent() && path.get().isStatus()) {
      Optional<MockResponse> conflict = staleStatusUpdate(request, path.get());
      if (conflict.isPresent()) {
        return conflict.get();
      }
    }
    return store.dispatch(request);
  }

  /** The mock compares resourceVersion on updates of the object but not of its status subresource. */
  private Optional<MockResponse> staleStatusUpdate(ApiRequest request, ResourcePath path) {
    JsonNode sent = ObjectStore.parse(request.body()).path("metadata").path("resourceVersion");
    if (sent.asText().isEmpty()) {
      return Optional.empty();
    }
    return store.get(path.objectPath())
        .filter(current -> !current.path("metadata").path("resourceVersion").asText().equals(sent.asText()))
        .map(current -> StatusResponses.failure(409, "Conflict", String.format(
            "Operation cannot be fulfilled on %s \"%s\": the object has been modified; please apply your changes to"
                + " the latest version and try again", path.plural() + (path.isCoreGroup() ? "" : "." + path.group()),
            path.name())));
  }

  @Override
  public void shutdown() {
    crud.shutdown();
  }
}

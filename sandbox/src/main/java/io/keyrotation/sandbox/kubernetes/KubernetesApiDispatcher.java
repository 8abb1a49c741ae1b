package io.keyrotation.sandbox.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyrotation.sandbox.kubernetes.admission.CustomResourceAdmission;
import io.keyrotation.sandbox.kubernetes.rbac.RbacAuthorizer;
import io.keyrotation.sandbox.kubernetes.rbac.RbacObjects;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The request pipeline of the stand-in: the generic shims for what the mock's CRUD dispatcher lacks, then the CRUD
 * dispatcher itself. Writes are serialized, so that a patch reads and replaces its object in one step.
 */
final class KubernetesApiDispatcher extends Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesApiDispatcher.class);

  private final KubernetesCrudDispatcher crud = new IndexedCrudDispatcher();
  private final ObjectStore store = new ObjectStore(crud);
  private final CustomResourceKinds customResources = new CustomResourceKinds(store);
  private final PatchTranslator patches = new PatchTranslator(store, customResources);
  private final RbacAuthorizer authorizer = new RbacAuthorizer(KubernetesStandIn.ADMIN_TOKEN, new RbacObjects() {
    @Override
    public Optional<ObjectNode> get(String objectPath) {
      return store.get(objectPath);
    }

    @Override
    public List<ObjectNode> list(String collectionPath) {
      return store.list(collectionPath);
    }
  });
  private final RequestAuthorization authorization = new RequestAuthorization(authorizer);
  private final SelfSubjectReviews reviews = new SelfSubjectReviews(authorizer);
  private final DiscoveryShim discovery = new DiscoveryShim(customResources);
  private final AdmissionStep admission = new AdmissionStep(store);
  private final TableView tables = new TableView(Clock.systemUTC());
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ApiFaults faults = new ApiFaults();

  @Override
  public MockResponse dispatch(RecordedRequest recorded) {
    try {
      return route(recorded);
    } catch (RuntimeException e) {
      // without this the mock server never answers and the client hangs
      LOG.warn("internal error on {} {}", recorded.getMethod(), recorded.getPath(), e);
      return StatusResponses.failure(500, "InternalError", "sandbox API server: " + e);
    }
  }

  private MockResponse route(RecordedRequest recorded) {
    ApiRequest request = ApiRequest.of(recorded);
    Optional<MockResponse> fault = faults.faultFor(request);
    if (fault.isPresent()) {
      return fault.get();
    }
    Optional<MockResponse> refused = authorization.refusal(request);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (request.mediaType().contains("protobuf")) {
      return StatusResponses.unsupportedMediaType(request.mediaType());
    }
    if (request.isHttpStreamingWatch()) {
      // the mock streams watches over WebSocket only; 410 Expired is an answer any API server may give to a
      // watch, and clients built on reflectors (kubectl delete --wait, kubectl wait) relist and try again
      return StatusResponses.failure(410, "Expired", "too old resource version (the sandbox API server serves "
          + "watches over WebSocket only)");
    }
    if (reviews.handles(request)) {
      return reviews.answer(request);
    }
    if (!request.isWrite()) {
      Optional<MockResponse> discovered = discovery.answer(request);
      if (discovered.isPresent()) {
        return discovered.get();
      }
      if (isUnservedCustomResource(request)) {
        return StatusResponses.failure(404, "NotFound", "the server could not find the requested resource");
      }
      return asTableIfAsked(request, withNotFoundStatus(request, crud.dispatch(recorded)));
    }
    writeLock.lock();
    try {
      return withNotFoundStatus(request, write(request));
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
    List<String> warnings = List.of();
    if ((request.method() == HttpMethod.POST || request.method() == HttpMethod.PUT) && CrdStatus.isCrdWrite(request)) {
      request = request.withBody(CrdStatus.established(request.body()));
    }
    if (path.isPresent() && (request.method() == HttpMethod.POST || request.method() == HttpMethod.PUT)
        && SecretStringData.isSecretWrite(path.get())) {
      request = request.withBody(SecretStringData.folded(request.body()));
    }
    if (path.isPresent() && (request.method() == HttpMethod.POST || request.method() == HttpMethod.PUT)) {
      Optional<ObjectNode> crd = customResources.definition(path.get());
      if (crd.isPresent()) {
        CustomResourceAdmission.Result result = admission.admit(request, path.get(), crd.get());
        if (result instanceof CustomResourceAdmission.Rejected rejected) {
          return AdmissionResponses.rejection(rejected, path.get());
        }
        CustomResourceAdmission.Admitted admitted = (CustomResourceAdmission.Admitted) result;
        request = request.withBody(admitted.body());
        warnings = admitted.warnings();
      } else if (isUnservedCustomResource(request)) {
        return StatusResponses.failure(404, "NotFound", "the server could not find the requested resource");
      }
    }
    MockResponse response = store.dispatch(request);
    warnings.forEach(w -> response.addHeader("Warning", "299 - " + ObjectStore.JSON.getNodeFactory().textNode(w)));
    if (request.method() == HttpMethod.PUT && response.code() == 200 && ObjectStore.bodyOf(response).isEmpty()) {
      // the update removed the last finalizer of an object being deleted: the API server answers with the object
      response.setBody(request.body()).setHeader("Content-Type", "application/json");
    }
    return response;
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

  /** A path in a group no built-in kind and no CRD serves: the mock would store and list anything there. */
  private boolean isUnservedCustomResource(ApiRequest request) {
    Optional<ResourcePath> path = ResourcePath.parse(request.path());
    return path.isPresent() && path.get().isCustomGroup() && customResources.definition(path.get()).isEmpty();
  }

  private MockResponse asTableIfAsked(ApiRequest request, MockResponse response) {
    if (!request.acceptsTable() || response.code() != 200 || request.queryParameter("watch") != null) {
      return response;
    }
    Optional<ResourcePath> path = ResourcePath.parse(request.path()).filter(p -> p.subresource() == null);
    Optional<ObjectNode> crd = path.flatMap(customResources::definition);
    if (crd.isEmpty()) {
      return response;
    }
    JsonNode body = ObjectStore.parse(ObjectStore.bodyOf(response));
    return StatusResponses.json(200, tables.table(crd.get(), path.get().version(), body));
  }

  /** The mock answers a missing object with an empty 404; the API server (and kubectl's message) has a Status. */
  private static MockResponse withNotFoundStatus(ApiRequest request, MockResponse response) {
    if (response.code() != 404 || !ObjectStore.bodyOf(response).isEmpty()) {
      return response;
    }
    return ResourcePath.parse(request.path()).filter(ResourcePath::isObject).map(StatusResponses::notFound)
        .orElse(response);
  }

  ApiFaults faults() {
    return faults;
  }

  RbacAuthorizer authorizer() {
    return authorizer;
  }

  @Override
  public void shutdown() {
    crud.shutdown();
  }
}

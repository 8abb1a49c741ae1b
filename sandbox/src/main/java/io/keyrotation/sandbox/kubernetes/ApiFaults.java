package io.keyrotation.sandbox.kubernetes;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults a test switches on, as the other stand-ins' fault injectors: the next N status writes of one object answer
 * 409 Conflict (what a concurrent writer causes), the next N writes of one object answer a chosen status, or the
 * whole API server is unavailable (every request answers 503, as an API server behind a load balancer that lost its
 * backends; a refused connection is modelled by the client's side the same way: the request fails and is retried).
 * Faults strike before the request is served: nothing is stored.
 */
public final class ApiFaults {
  private record Pending(String plural, String namespace, String name, boolean statusOnly, int status, int[] remaining) {
    boolean matches(ResourcePath path) {
      return plural.equals(path.plural()) && name.equals(path.name())
          && (namespace == null ? path.namespace() == null : namespace.equals(path.namespace()))
          && (statusOnly ? path.isStatus() : path.subresource() == null || path.isStatus());
    }
  }

  private final List<Pending> pending = new ArrayList<>();
  private final AtomicInteger injected = new AtomicInteger();
  private volatile boolean unavailable;

  /**
   * The next {@code count} writes (PUT, PATCH, apply) of the status subresource of {@code plural/name} in
   * {@code namespace} answer 409 Conflict ("the object has been modified").
   */
  public synchronized void conflictOnNextStatusWrites(String plural, String namespace, String name, int count) {
    pending.add(new Pending(plural, namespace, name, true, 409, new int[] {count}));
  }

  /** The next {@code count} writes (create, update, patch, delete; status too) of {@code plural/name} answer {@code status}. */
  public synchronized void failNextWrites(String plural, String namespace, String name, int count, int status) {
    pending.add(new Pending(plural, namespace, name, false, status, new int[] {count}));
  }

  /** From now on every request (reads, writes, watches, discovery) answers 503 until {@link #available()}. */
  public void unavailable() {
    unavailable = true;
  }

  public void available() {
    unavailable = false;
  }

  /** How many requests a fault answered since the start or the last {@link #clear()}. */
  public int injected() {
    return injected.get();
  }

  public synchronized void clear() {
    pending.clear();
    unavailable = false;
    injected.set(0);
  }

  Optional<MockResponse> faultFor(ApiRequest request) {
    if (unavailable) {
      injected.incrementAndGet();
      return Optional.of(StatusResponses.failure(503, "ServiceUnavailable", "the server is currently unable to handle the request"));
    }
    if (!request.isWrite()) {
      return Optional.empty();
    }
    Optional<ResourcePath> path = ResourcePath.parse(request.path()).map(p -> p.isObject() || request.method() != HttpMethod.POST
        ? p : p.withName(ObjectStore.parse(request.body()).path("metadata").path("name").asText(null))).filter(ResourcePath::isObject);
    if (path.isEmpty()) {
      return Optional.empty();
    }
    return take(path.get()).map(status -> {
      injected.incrementAndGet();
      return response(status, path.get(), request.method());
    });
  }

  private synchronized Optional<Integer> take(ResourcePath path) {
    Iterator<Pending> it = pending.iterator();
    while (it.hasNext()) {
      Pending next = it.next();
      if (next.matches(path)) {
        if (--next.remaining()[0] <= 0) {
          it.remove();
        }
        return Optional.of(next.status());
      }
    }
    return Optional.empty();
  }

  private static MockResponse response(int status, ResourcePath path, HttpMethod method) {
    String resource = path.plural() + (path.isCoreGroup() ? "" : "." + path.group());
    return switch (status) {
      case 409 -> StatusResponses.failure(409, "Conflict", String.format("Operation cannot be fulfilled on %s \"%s\": the object "
          + "has been modified; please apply your changes to the latest version and try again", resource, path.name()));
      case 503 -> StatusResponses.failure(503, "ServiceUnavailable", "the server is currently unable to handle the request");
      case 500 -> StatusResponses.failure(500, "InternalError", "Internal error occurred: " + method + " " + resource);
      case 429 -> StatusResponses.failure(429, "TooManyRequests", "the server has received too many requests and has asked us"
          + " to try again later");
      default -> StatusResponses.failure(status, "Failure", "injected failure " + status + " on " + resource + " \"" + path.name() + "\"");
    };
  }
}

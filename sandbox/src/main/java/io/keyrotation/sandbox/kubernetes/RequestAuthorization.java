package io.keyrotation.sandbox.kubernetes;

import io.fabric8.mockwebserver.http.MockResponse;
import io.keyrotation.sandbox.kubernetes.rbac.RbacAuthorizer;
import io.keyrotation.sandbox.kubernetes.rbac.RequestAttributes;
import java.util.Optional;

/** The first step of the pipeline: a request the authorizer refuses gets its 401 or 403 and goes no further. */
final class RequestAuthorization {

  private final RbacAuthorizer authorizer;

  RequestAuthorization(RbacAuthorizer authorizer) {
    this.authorizer = authorizer;
  }

  Optional<MockResponse> refusal(ApiRequest request) {
    RbacAuthorizer.Decision decision = authorizer.decide(request.authorization(), attributes(request));
    if (decision.allowed()) {
      return Optional.empty();
    }
    return Optional.of(StatusResponses.failure(decision.code(), decision.reason(), decision.message()));
  }

  static RequestAttributes attributes(ApiRequest request) {
    String method = request.method().name();
    Optional<ResourcePath> parsed = ResourcePath.parse(request.path());
    if (parsed.isEmpty()) {
      return RequestAttributes.nonResource(method.equals("GET") ? "get" : method.toLowerCase(), request.path());
    }
    ResourcePath path = parsed.get();
    String verb = RequestAttributes.verbOf(method, path.isObject(), request.isWatch());
    return RequestAttributes.resource(verb, path.group(), path.plural(), path.subresource(), path.namespace(),
        path.name());
  }
}

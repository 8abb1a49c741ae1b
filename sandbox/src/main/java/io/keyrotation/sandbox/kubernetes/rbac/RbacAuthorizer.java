package io.keyrotation.sandbox.kubernetes.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Authentication and RBAC authorization of the stand-in. A request with a bearer token the stand-in issued for a
 * ServiceAccount is allowed only as the stored Roles and ClusterRoles bound to it allow (the API server's RBAC
 * authorizer; anything not allowed is refused with 403). The sandbox's admin token (or none) keeps full access for
 * tests and kubectl; any other token is refused with 401, as the API server refuses a token it cannot verify.
 */
public final class RbacAuthorizer {

  /** A request refused with 403, kept so that tests can say which call a missing rule broke. */
  public record Refusal(String user, RequestAttributes request) {
  }

  /** The outcome for one request: {@code code} 0 when allowed, else the HTTP status to answer. */
  public record Decision(int code, String reason, String message) {
    static final Decision ALLOWED = new Decision(0, null, null);

    public boolean allowed() {
      return code == 0;
    }
  }

  private final String adminToken;
  private final ServiceAccountTokens tokens = new ServiceAccountTokens();
  private final RbacPolicy policy;
  private final List<Refusal> refusals = new CopyOnWriteArrayList<>();

  public RbacAuthorizer(String adminToken, RbacObjects objects) {
    this.adminToken = adminToken;
    this.policy = new RbacPolicy(objects);
  }

  public String issueToken(ServiceAccount account) {
    return tokens.issue(account);
  }

  public List<Refusal> refusals() {
    return List.copyOf(refusals);
  }

  /** The ServiceAccount a request authenticates as; empty for the admin (no token or the admin token). */
  public Optional<ServiceAccount> serviceAccountOf(String authorizationHeader) {
    return bearer(authorizationHeader).flatMap(tokens::holderOf);
  }

  public Decision decide(String authorizationHeader, RequestAttributes request) {
    Optional<String> token = bearer(authorizationHeader);
    if (token.isEmpty() || token.get().equals(adminToken)) {
      return Decision.ALLOWED;
    }
    Optional<ServiceAccount> account = tokens.holderOf(token.get());
    if (account.isEmpty()) {
      return new Decision(401, "Unauthorized", "Unauthorized");
    }
    if (policy.allows(account.get(), request)) {
      return Decision.ALLOWED;
    }
    refusals.add(new Refusal(account.get().userName(), request));
    return new Decision(403, "Forbidden", ForbiddenMessage.of(account.get(), request));
  }

  /** The rules a SelfSubjectRulesReview reports for a namespace. */
  public List<JsonNode> rulesFor(ServiceAccount account, String namespace) {
    return policy.rulesFor(account, namespace);
  }

  public boolean allows(ServiceAccount account, RequestAttributes request) {
    return policy.allows(account, request);
  }

  private static Optional<String> bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return Optional.of(header.substring(7).trim());
  }
}

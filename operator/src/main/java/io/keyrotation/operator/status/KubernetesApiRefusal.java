package io.keyrotation.operator.status;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes API refused one of the operator's own calls: 401 (its ServiceAccount token was not accepted) or
 * 403 (its RBAC lacks a verb). Retrying alone cannot fix either; a cluster admin can, so the refusal names the verb and
 * the resource as RBAC spells them. Built from what the API server and the client say about the request (the verb,
 * the resource, its namespace and name), never from a request or response body, so it cannot carry a secret value.
 */
public record KubernetesApiRefusal(int code, String verb, String resource, String namespace, String name) {
  public static final String FORBIDDEN = "KubernetesForbidden";
  public static final String UNAUTHENTICATED = "KubernetesUnauthenticated";

  /** The API server's own wording of a 403: {@code ... cannot patch resource "x/status" in API group "g" ...}. */
  private static final Pattern RBAC_WORDS = Pattern.compile(
      "cannot ([a-z]+) resource \"([^\"]+)\" in API group \"([^\"]*)\"(?: in the namespace \"([^\"]+)\")?");
  /** The client's description of the request it sent: {@code Failure executing: PATCH at: https://...}. */
  private static final Pattern REQUEST = Pattern.compile("Failure executing: ([A-Z]+) at: (\\S+?)\\.? ");
  private static final Pattern PATH = Pattern.compile(
      "/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/([^/]+))?/([^/]+)(?:/([^/]+))?(?:/([^/]+))?");

  /** The refusal somewhere in {@code failure}'s causes, if the Kubernetes API answered 401 or 403. */
  public static Optional<KubernetesApiRefusal> in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && (k.getCode() == 401 || k.getCode() == 403)) {
        return Optional.of(of(k));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  static KubernetesApiRefusal of(KubernetesClientException e) {
    String serverMessage = e.getStatus() == null || e.getStatus().getMessage() == null ? "" : e.getStatus().getMessage();
    Matcher rbac = RBAC_WORDS.matcher(serverMessage);
    Optional<KubernetesApiRefusal> fromRequest = fromRequest(e);
    if (rbac.find()) {
      String group = rbac.group(3);
      String resource = group.isEmpty() ? rbac.group(2) : rbac.group(2) + " (API group " + group + ")";
      return new KubernetesApiRefusal(e.getCode(), rbac.group(1), resource, rbac.group(4),
          fromRequest.map(KubernetesApiRefusal::name).orElse(e.getName()));
    }
    return fromRequest.orElseGet(() -> new KubernetesApiRefusal(e.getCode(), "?",
        e.getResourcePlural() == null ? "?" : e.getResourcePlural(), e.getNamespace(), e.getName()));
  }

  /** The verb and resource of the request the client reports it sent, when the server's words do not say (a 401). */
  private static Optional<KubernetesApiRefusal> fromRequest(KubernetesClientException e) {
    Matcher request = REQUEST.matcher(e.getMessage() == null ? "" : e.getMessage());
    if (!request.find()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = URI.create(request.group(2));
    } catch (IllegalArgumentException notAUri) {
      return Optional.empty();
    }
    Matcher path = PATH.matcher(uri.getPath() == null ? "" : uri.getPath());
    if (!path.matches()) {
      return Optional.empty();
    }
    String name = path.group(4);
    String resource = path.group(3) + (path.group(5) == null ? "" : "/" + path.group(5))
        + (path.group(1) == null ? "" : " (API group " + path.group(1) + ")");
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    String verb = switch (request.group(1)) {
      case "GET" -> name != null ? "get" : query.contains("watch=true") ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "DELETE" -> "delete";
      default -> request.group(1).toLowerCase(Locale.ROOT);
    };
    return Optional.of(new KubernetesApiRefusal(e.getCode(), verb, resource, path.group(2), name));
  }

  public String reason() {
    return code == 401 ? UNAUTHENTICATED : FORBIDDEN;
  }

  /** What was refused, and what fixes it; no token, no object content. */
  public String message() {
    String what = verb + " on " + resource + (name == null ? "" : " \"" + name + "\"")
        + (namespace == null ? "" : " in namespace " + namespace);
    if (code == 401) {
      return "The Kubernetes API did not accept the operator's credentials (HTTP 401) for " + what
          + ": check the ServiceAccount token the operator's pod uses. Retried with backoff.";
    }
    return "The Kubernetes API refused the operator (HTTP 403): " + what + ". Grant the operator's ServiceAccount '"
        + verb + "' on this resource (see deploy/rbac.yaml). Retried with backoff.";
  }
}

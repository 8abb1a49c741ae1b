package io.keyrotation.operator.testing;

import java.net.URI;
import java.util.Optional;

/**
 * A Kubernetes API request as RBAC sees it: verb, API group, resource (with subresource) and namespace.
 * Non-resource URLs (/version, /openapi) have no ApiCall.
 */
public record ApiCall(String verb, String group, String resource, String namespace) {

  public static Optional<ApiCall> of(String method, URI uri) {
    String[] parts = uri.getPath().replaceAll("^/+|/+$", "").split("/");
    int i;
    String group;
    if (parts.length >= 3 && parts[0].equals("api")) {
      group = "";
      i = 2;
    } else if (parts.length >= 4 && parts[0].equals("apis")) {
      group = parts[1];
      i = 3;
    } else {
      return Optional.empty();
    }
    String namespace = null;
    if (parts.length > i + 1 && parts[i].equals("namespaces") && parts.length > i + 2) {
      namespace = parts[i + 1];
      i += 2;
    }
    String resource = parts[i];
    String name = parts.length > i + 1 ? parts[i + 1] : null;
    if (parts.length > i + 2) {
      resource += "/" + parts[i + 2];
    }
    boolean watch = uri.getQuery() != null && uri.getQuery().contains("watch=true");
    String verb = switch (method) {
      case "GET" -> name != null ? "get" : watch ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> name != null ? "delete" : "deletecollection";
      default -> method.toLowerCase();
    };
    return Optional.of(new ApiCall(verb, group, resource, namespace));
  }
}

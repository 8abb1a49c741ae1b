package io.keyrotation.sandbox.kubernetes.rbac;

/**
 * What RBAC sees of a request (Kubernetes' authorizer attributes): a verb on a resource, or on a non-resource path.
 * {@code resource} is null for a non-resource request; {@code subresource} and {@code name} may be null.
 */
public record RequestAttributes(String verb, String group, String resource, String subresource, String namespace,
    String name, String path) {

  public static RequestAttributes resource(String verb, String group, String resource, String subresource,
      String namespace, String name) {
    return new RequestAttributes(verb, group, resource, subresource, namespace, name, null);
  }

  public static RequestAttributes nonResource(String verb, String path) {
    return new RequestAttributes(verb, null, null, null, null, null, path);
  }

  /** The verb of an HTTP request, as Kubernetes' request-info resolver derives it. */
  public static String verbOf(String method, boolean named, boolean watch) {
    return switch (method) {
      case "GET", "HEAD" -> watch ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method.toLowerCase();
    };
  }

  public boolean isResourceRequest() {
    return resource != null;
  }

  /** {@code leases} or {@code tdekeypolicies/status}, as RBAC rules name it. */
  public String resourceWithSubresource() {
    return subresource == null ? resource : resource + "/" + subresource;
  }
}

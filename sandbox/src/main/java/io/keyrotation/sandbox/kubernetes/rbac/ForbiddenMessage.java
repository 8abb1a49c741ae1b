package io.keyrotation.sandbox.kubernetes.rbac;

/** The API server's wording of a 403, e.g. {@code leases.coordination.k8s.io "x" is forbidden: User ... cannot ...}. */
final class ForbiddenMessage {

  private ForbiddenMessage() {
  }

  static String of(ServiceAccount account, RequestAttributes request) {
    String user = "User \"" + account.userName() + "\" cannot " + request.verb();
    if (!request.isResourceRequest()) {
      return "forbidden: " + user + " path \"" + request.path() + "\"";
    }
    String what = request.group().isEmpty() ? request.resource() : request.resource() + "." + request.group();
    String subject = request.name() == null ? what : what + " \"" + request.name() + "\"";
    String scope = request.namespace() == null ? "at the cluster scope"
        : "in the namespace \"" + request.namespace() + "\"";
    return subject + " is forbidden: " + user + " resource \"" + request.resourceWithSubresource()
        + "\" in API group \"" + request.group() + "\" " + scope;
  }
}

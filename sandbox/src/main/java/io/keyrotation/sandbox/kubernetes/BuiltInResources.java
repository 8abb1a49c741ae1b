package io.keyrotation.sandbox.kubernetes;

import java.util.List;

/**
 * The built-in kinds the stand-in stores and advertises in discovery: those the operator and its manifests use
 * (Secrets, Events, Leases, CRDs, RBAC, Deployments) plus the everyday ones kubectl users reach for.
 */
final class BuiltInResources {

  static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  static final List<String> CREATE_ONLY = List.of("create");

  record Resource(String group, String version, String plural, String singular, String kind, boolean namespaced,
                  List<String> shortNames, List<String> verbs, boolean hasStatus) {
    String groupVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }
  }

  static final List<Resource> RESOURCES = List.of(
      crud("", "v1", "namespaces", "Namespace", false, List.of("ns"), true),
      crud("", "v1", "secrets", "Secret", true, List.of(), false),
      crud("", "v1", "configmaps", "ConfigMap", true, List.of("cm"), false),
      crud("", "v1", "events", "Event", true, List.of("ev"), false),
      crud("", "v1", "serviceaccounts", "ServiceAccount", true, List.of("sa"), false),
      crud("", "v1", "services", "Service", true, List.of("svc"), true),
      crud("", "v1", "pods", "Pod", true, List.of("po"), true),
      crud("apps", "v1", "deployments", "Deployment", true, List.of("deploy"), true),
      crud("coordination.k8s.io", "v1", "leases", "Lease", true, List.of(), false),
      crud("events.k8s.io", "v1", "events", "Event", true, List.of("ev"), false),
      crud("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false,
          List.of("crd", "crds"), true),
      crud("rbac.authorization.k8s.io", "v1", "roles", "Role", true, List.of(), false),
      crud("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, List.of(), false),
      crud("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, List.of(), false),
      crud("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, List.of(), false),
      new Resource("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "selfsubjectrulesreview",
          "SelfSubjectRulesReview", false, List.of(), CREATE_ONLY, false),
      new Resource("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview",
          "SelfSubjectAccessReview", false, List.of(), CREATE_ONLY, false));

  private BuiltInResources() {
  }

  private static Resource crud(String group, String version, String plural, String kind, boolean namespaced,
                               List<String> shortNames, boolean hasStatus) {
    return new Resource(group, version, plural, kind.toLowerCase(), kind, namespaced, shortNames, ALL_VERBS,
        hasStatus);
  }

  static boolean isBuiltInGroup(String group) {
    return RESOURCES.stream().anyMatch(r -> r.group().equals(group));
  }
}

package io.keyrotation.sandbox.kubernetes;

import java.util.Optional;

/**
 * A REST path of the Kubernetes API taken apart: {@code /api/v1/namespaces/ns/secrets/name} or
 * {@code /apis/group/version/[namespaces/ns/]plural[/name[/subresource]]}.
 */
record ResourcePath(String group, String version, String namespace, String plural, String name, String subresource) {

  static Optional<ResourcePath> parse(String path) {
    String[] s = path.replaceAll("^/+|/+$", "").split("/");
    int i;
    String group;
    if (s.length >= 3 && s[0].equals("api")) {
      group = "";
      i = 1;
    } else if (s.length >= 4 && s[0].equals("apis")) {
      group = s[1];
      i = 2;
    } else {
      return Optional.empty();
    }
    String version = s[i++];
    int rest = s.length - i;
    if (rest >= 3 && s[i].equals("namespaces") && !isNamespaceSubresource(s, i)) {
      return Optional.of(new ResourcePath(group, version, s[i + 1], s[i + 2],
          rest >= 4 ? s[i + 3] : null, rest >= 5 ? s[i + 4] : null));
    }
    return Optional.of(new ResourcePath(group, version, null, s[i],
        rest >= 2 ? s[i + 1] : null, rest >= 3 ? s[i + 2] : null));
  }

  private static boolean isNamespaceSubresource(String[] s, int i) {
    return s.length - i == 3 && (s[i + 2].equals("status") || s[i + 2].equals("finalize"));
  }

  boolean isCoreGroup() {
    return group.isEmpty();
  }

  /** A group that is neither core nor built in: served only through a CRD. */
  boolean isCustomGroup() {
    return !isCoreGroup() && !BuiltInResources.isBuiltInGroup(group) && plural != null;
  }

  String apiVersion() {
    return isCoreGroup() ? version : group + "/" + version;
  }

  boolean isObject() {
    return name != null;
  }

  boolean isStatus() {
    return "status".equals(subresource);
  }

  /** The path of the object itself, without subresource. */
  String objectPath() {
    return collectionPath() + "/" + name;
  }

  String collectionPath() {
    String prefix = isCoreGroup() ? "/api/" + version : "/apis/" + group + "/" + version;
    return prefix + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural;
  }

  ResourcePath withName(String newName) {
    return new ResourcePath(group, version, namespace, plural, newName, subresource);
  }
}

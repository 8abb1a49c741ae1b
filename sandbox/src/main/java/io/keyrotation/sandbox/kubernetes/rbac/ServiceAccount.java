package io.keyrotation.sandbox.kubernetes.rbac;

import java.util.List;

/** The identity a ServiceAccount token authenticates as, with the groups Kubernetes adds to it. */
public record ServiceAccount(String namespace, String name) {

  public String userName() {
    return "system:serviceaccount:" + namespace + ":" + name;
  }

  List<String> groups() {
    return List.of("system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
  }
}

package io.keyrotation.sandbox.kubernetes.rbac;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** Read access to the stored RBAC objects (Roles, ClusterRoles and their bindings) by REST path. */
public interface RbacObjects {

  Optional<? extends JsonNode> get(String objectPath);

  List<? extends JsonNode> list(String collectionPath);
}

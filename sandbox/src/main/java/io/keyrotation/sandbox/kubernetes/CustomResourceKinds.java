package io.keyrotation.sandbox.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/** Finds the CustomResourceDefinition behind a REST path, as stored in the stand-in itself. */
final class CustomResourceKinds {

  static final String CRD_COLLECTION = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private final ObjectStore store;

  CustomResourceKinds(ObjectStore store) {
    this.store = store;
  }

  Optional<ObjectNode> definition(ResourcePath path) {
    if (path.isCoreGroup() || path.plural() == null) {
      return Optional.empty();
    }
    return store.get(CRD_COLLECTION + "/" + path.plural() + "." + path.group());
  }

  boolean isCustomResource(ResourcePath path) {
    return definition(path).isPresent();
  }
}

package io.keyrotation.operator.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the committed CRDs and walks their schemas by dotted path ("spec.key.namePrefix", "[]" for items). */
final class CrdSchemas {
  private CrdSchemas() {}

  static CustomResourceDefinition load(String file) {
    try (InputStream in = Files.newInputStream(Path.of("../crds", file))) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static JSONSchemaProps root(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }

  static JSONSchemaProps at(CustomResourceDefinition crd, String path) {
    JSONSchemaProps node = root(crd);
    for (String part : path.split("\\.")) {
      node = part.equals("[]") ? node.getItems().getSchema() : node.getProperties().get(part);
      if (node == null) {
        throw new AssertionError("no schema at " + path + " (missing: " + part + ")");
      }
    }
    return node;
  }
}

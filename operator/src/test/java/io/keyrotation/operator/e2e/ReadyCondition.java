package io.keyrotation.operator.e2e;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/** The {@code Ready} condition of a custom resource read generically, or null while the operator wrote none. */
final class ReadyCondition {
  private ReadyCondition() {}

  static Condition of(GenericKubernetesResource resource) {
    if (resource == null || !(resource.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return null;
    }
    if (!(status.get("conditions") instanceof List<?> list)) {
      return null;
    }
    return list.stream().map(c -> Serialization.jsonMapper().convertValue(c, Condition.class))
        .filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
  }
}

package io.keyrotation.operator.api.principal;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyrotation.operator.api.common.Formats;

@ValidationRule(value = "has(self.clientId) || has(self.objectId)", message = "clientId or objectId is required")
public record ApplicationRef(
    @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.UUID_CEL, message = Formats.UUID_WORDS)
    @JsonPropertyDescription("Application (client) id; also the first half of every EKM credential secret.")
    String clientId,
    @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.UUID_CEL, message = Formats.UUID_WORDS)
    @JsonPropertyDescription("Object id of the application registration (not of the service principal).")
    String objectId) {
  // Declared, so that the components' @ValidationRule stays on the fields only: fabric8 collects both.
  @Override
  public String clientId() {
    return clientId;
  }

  @Override
  public String objectId() {
    return objectId;
  }
}

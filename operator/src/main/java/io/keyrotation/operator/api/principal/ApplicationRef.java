package io.keyrotation.operator.api.principal;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyrotation.operator.api.common.Formats;

@ValidationRule(value = "has(self.clientId) || has(self.objectId)", message = "clientId or objectId is required")
public record ApplicationRef(
    @Pattern(Formats.UUID)
    @JsonPropertyDescription("Application (client) id; also the first half of every EKM credential secret.")
    String clientId,
    @Pattern(Formats.UUID)
    @JsonPropertyDescription("Object id of the application registration (not of the service principal).")
    String objectId,
    @Pattern(Formats.UUID)
    @JsonPropertyDescription("keyId of the password credential the targets hold now, for the first reconcile to adopt. Without it, the credential whose hint (first three characters) matches the first Kubernetes Secret target is adopted.")
    String currentKeyId) {}

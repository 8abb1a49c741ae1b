package io.keyrotation.operator.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

public record ArchiveDestination(
    @Required
    @JsonPropertyDescription("An Azure Blob Storage container.")
    BlobContainer blob) {

  public record BlobContainer(
      @Required @Pattern("^https://[^/\\s]+/([^/\\s]+/)?[a-z0-9][a-z0-9-]{1,61}[a-z0-9]/?$")
      @JsonPropertyDescription("Container URL, e.g. https://account.blob.core.windows.net/key-backups")
      String containerUrl,
      @Pattern("^[A-Za-z0-9._/-]{0,200}$")
      @JsonPropertyDescription("Path prefix for the blobs inside the container.")
      String prefix) {}
}

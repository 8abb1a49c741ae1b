package io.keyrotation.operator.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyrotation.operator.api.common.Formats;

public record ArchiveDestination(
    @Required
    @JsonPropertyDescription("An Azure Blob Storage container.")
    BlobContainer blob) {

  public record BlobContainer(
      @Required @Size(max = Formats.CEL_STRING_MAX)
      @ValidationRule(value = "self.matches(r'" + Formats.BLOB_CONTAINER_URL + "')", message = Formats.BLOB_CONTAINER_URL_WORDS)
      @ValidationRule(value = Formats.BLOB_CONTAINER_URL_LENGTH_CEL, message = "the container name may have at most "
          + Formats.BLOB_CONTAINER_MAX + " characters")
      @JsonPropertyDescription("Container URL, e.g. https://account.blob.core.windows.net/key-backups")
      String containerUrl,
      @Size(max = Formats.BLOB_PREFIX_MAX) @Pattern(Formats.BLOB_PREFIX)
      @JsonPropertyDescription("Path prefix for the blobs inside the container.")
      String prefix) {
    // Declared, so that the component's @ValidationRule stays on the field only: fabric8 collects both.
    @Override
    public String containerUrl() {
      return containerUrl;
    }
  }
}

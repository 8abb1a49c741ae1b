package io.keyrotation.operator.blob;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A key's tags as one blob metadata value. Metadata values travel as HTTP headers (ASCII), while Key
 * Vault tag names and values may be any Unicode: the tags go in as base64url of their JSON. Only when the
 * result leaves room in Azure's 8 KiB metadata limit; an archive without them never matches
 * {@code matchTags} once its key is gone from the source.
 */
final class KeyTagsMetadata {
  static final String NAME = "keytags";
  static final int MAX_LENGTH = 1500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private KeyTagsMetadata() {}

  static Optional<String> encode(Map<String, String> tags) {
    if (tags.isEmpty()) {
      return Optional.empty();
    }
    try {
      String encoded = Base64.getUrlEncoder().withoutPadding()
          .encodeToString(JSON.writeValueAsString(new TreeMap<>(tags)).getBytes(StandardCharsets.UTF_8));
      return encoded.length() <= MAX_LENGTH ? Optional.of(encoded) : Optional.empty();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The tags recorded, or none when the value is missing or not ours. */
  static Map<String, String> decode(String value) {
    if (value == null || value.isEmpty()) {
      return Map.of();
    }
    try {
      return JSON.readValue(Base64.getUrlDecoder().decode(value), new TypeReference<Map<String, String>>() {});
    } catch (IllegalArgumentException | java.io.IOException e) {
      return Map.of();
    }
  }
}

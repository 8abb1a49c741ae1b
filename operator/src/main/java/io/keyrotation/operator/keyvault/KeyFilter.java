package io.keyrotation.operator.keyvault;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which keys a listing keeps: names starting with a prefix (case-insensitive, as Key Vault names
 * are) and carrying all the given tags. Key Vault has no server-side filter; this runs on the pages.
 */
public record KeyFilter(String namePrefix, Map<String, String> tags) {
  public KeyFilter {
    Objects.requireNonNull(namePrefix, "namePrefix");
    tags = Map.copyOf(tags);
  }

  public static KeyFilter all() {
    return new KeyFilter("", Map.of());
  }

  public static KeyFilter namePrefix(String prefix) {
    return new KeyFilter(prefix, Map.of());
  }

  public KeyFilter withTag(String name, String value) {
    Map<String, String> more = new HashMap<>(tags);
    more.put(name, value);
    return new KeyFilter(namePrefix, more);
  }

  boolean matches(VaultKeyInfo key) {
    return matches(key.name(), key.tags());
  }

  /** Whether a key of this name, carrying these tags, is kept. */
  public boolean matches(String name, Map<String, String> keyTags) {
    return name.regionMatches(true, 0, namePrefix, 0, namePrefix.length())
        && tags.entrySet().stream().allMatch(t -> t.getValue().equals(keyTags.get(t.getKey())));
  }
}

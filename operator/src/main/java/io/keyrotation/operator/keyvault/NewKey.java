package io.keyrotation.operator.keyvault;

import io.keyrotation.operator.api.common.NameRules;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** An RSA key (or key version) to create: name, protection, size, tags, optional expiry. */
public record NewKey(String name, KeyProtection protection, int size, Map<String, String> tags,
                     Optional<OffsetDateTime> expiresOn) {
  /**
   * The tag that marks the create attempt a version came from. The gateway sets a fresh id unless
   * the caller chose one (e.g. recorded in status before the call, to recognise its key after a crash).
   */
  public static final String ATTEMPT_TAG = "keyrotation-create-attempt";
  private static final Set<Integer> RSA_SIZES = Set.of(2048, 3072, 4096);

  public NewKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protection, "protection");
    tags = Map.copyOf(tags);
    Objects.requireNonNull(expiresOn, "expiresOn");
  }

  public static NewKey rsa(String name, KeyProtection protection, int size) {
    return new NewKey(name, protection, size, Map.of(), Optional.empty());
  }

  public NewKey withTags(Map<String, String> newTags) {
    return new NewKey(name, protection, size, newTags, expiresOn);
  }

  /** Marks the create with this attempt id (kept as the tag {@link #ATTEMPT_TAG} on the new version). */
  public NewKey withAttemptId(String attemptId) {
    Map<String, String> more = new java.util.HashMap<>(tags);
    more.put(ATTEMPT_TAG, Objects.requireNonNull(attemptId, "attemptId"));
    return withTags(more);
  }

  public Optional<String> attemptId() {
    return Optional.ofNullable(tags.get(ATTEMPT_TAG));
  }

  public NewKey withExpiry(OffsetDateTime expiry) {
    return new NewKey(name, protection, size, tags, Optional.of(expiry));
  }

  /** What Key Vault would refuse with 400, said before any call; empty when the request is valid. */
  Optional<String> problem() {
    if (!NameRules.KEY_NAME.accepts(name)) {
      return Optional.of("key name '" + name + "' is not valid in Key Vault: use 1-127 characters a-z, A-Z, 0-9 and '-'");
    }
    if (!RSA_SIZES.contains(size)) {
      return Optional.of("RSA key size " + size + " is not supported: use 2048, 3072 or 4096");
    }
    return Optional.empty();
  }
}

package io.keyrotation.operator.keyvault;

import java.util.List;
import java.util.Optional;

/**
 * One attempt to create a key (or a key version), marked with a tag carrying the attempt's id. Key
 * Vault has no idempotent create: every {@code POST /keys/{name}/create} that reaches it adds a
 * version. After an unclear failure (timeout, 5xx, dropped connection) the vault may or may not have
 * done the work, so the gateway lists the key's versions and lets this attempt judge them.
 */
record CreateAttempt(String id, boolean newKey) {
  /** Tag on every version the operator creates; its value is the attempt's id. */
  static final String TAG = NewKey.ATTEMPT_TAG;

  enum Verdict {
    /** The vault created exactly what this attempt asked for: use that version. */
    ADOPT,
    /** Nothing from this attempt is in the vault: creating again is safe. */
    NOT_CREATED,
    /** The key holds versions this attempt cannot account for: a person or another client must look. */
    CONFLICT
  }

  record Finding(Verdict verdict, Optional<String> version, String explanation) {}

  /** Judges the key's versions as listed after the unclear failure (empty when the key does not exist). */
  Finding judge(List<VaultKeyInfo> versions) {
    List<VaultKeyInfo> ours = versions.stream().filter(v -> id.equals(v.tags().get(TAG))).toList();
    if (ours.isEmpty()) {
      if (!newKey || versions.isEmpty()) {
        return new Finding(Verdict.NOT_CREATED, Optional.empty(), "the vault holds no version from this attempt");
      }
      return new Finding(Verdict.CONFLICT, Optional.empty(), "the key now exists with " + versions.size()
          + " version(s), none of them created by this attempt: another client created it at the same time");
    }
    if (ours.size() > 1 || (newKey && versions.size() > 1)) {
      return new Finding(Verdict.CONFLICT, Optional.empty(), "the key has " + versions.size() + " versions, "
          + ours.size() + " of them from this attempt; expected exactly one. Check who else writes to this key");
    }
    return new Finding(Verdict.ADOPT, ours.get(0).version(), "the vault created the version before the failure");
  }
}

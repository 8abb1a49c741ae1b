package io.keyrotation.operator.keyvault;

import java.util.List;
import java.util.Optional;

/**
 * A key's Key Vault rotation policy, as read: its lifetime actions ({@code Rotate} or
 * {@code Notify}, triggered some ISO-8601 period after creation or before expiry) and the expiry it
 * gives new versions. A key without a policy of its own reads as Key Vault's default (one
 * {@code Notify}, no id). A {@code Rotate} action makes Key Vault add versions on its own, which
 * the SQL Server connector does not follow (DOMAIN.md section 1): the TDE workflow warns about it.
 */
public record VaultRotationPolicy(String keyName, List<Action> actions, Optional<String> expiresIn, boolean isDefault) {

  public record Action(String type, Optional<String> timeAfterCreate, Optional<String> timeBeforeExpiry) {
    public boolean rotates() {
      return "rotate".equalsIgnoreCase(type);
    }

    String trigger() {
      return timeAfterCreate.map(p -> p + " after creation").orElseGet(() -> timeBeforeExpiry.map(p -> p + " before expiry").orElse("?"));
    }
  }

  public VaultRotationPolicy {
    actions = List.copyOf(actions);
  }

  /** Whether Key Vault will create new versions of the key by itself. */
  public boolean rotatesAutomatically() {
    return actions.stream().anyMatch(Action::rotates);
  }

  /** The warning for a key SQL Server uses, when the policy would add versions behind its back. */
  public Optional<String> warning() {
    if (!rotatesAutomatically()) {
      return Optional.empty();
    }
    String when = actions.stream().filter(Action::rotates).map(Action::trigger).reduce((a, b) -> a + ", " + b).orElse("");
    return Optional.of("Key Vault key '" + keyName + "' has a rotation policy that adds a new version automatically (" + when
        + "). SQL Server's asymmetric key stays on the version it was registered with, so those versions are never used for TDE "
        + "and the policy may suggest a rotation that did not happen; remove the Rotate action and let the operator rotate.");
  }
}

package io.keyrotation.sandbox.keyvault;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * When a key's rotation policy makes Key Vault add a version by itself ("Configure cryptographic key
 * auto-rotation in Azure Key Vault": a {@code Rotate} lifetime action fires a period after the
 * current version's creation, or a period before its expiry). The stand-in applies due rotations
 * whenever the vault's keys are looked at, dated when they fell due.
 */
final class PolicyRotation {
  private PolicyRotation() {}

  /** When the key's latest version is due to be replaced by the policy; empty if never. */
  static Optional<Instant> nextRotation(KeyVersion latest, RotationPolicy policy) {
    Optional<Instant> earliest = Optional.empty();
    for (RotationPolicy.LifetimeAction action : policy.lifetimeActions()) {
      if (action.type() != RotationPolicy.ActionType.Rotate) {
        continue;
      }
      Optional<Instant> due = action.timeAfterCreate()
          .map(p -> latest.created().atOffset(ZoneOffset.UTC).plus(p).toInstant())
          .or(() -> action.timeBeforeExpiry().flatMap(p -> Optional.ofNullable(latest.expires())
              .map(exp -> exp.atOffset(ZoneOffset.UTC).minus(p).toInstant())));
      if (due.isPresent() && (earliest.isEmpty() || due.get().isBefore(earliest.get()))) {
        earliest = due;
      }
    }
    return earliest;
  }

  /** The expiry a version created at {@code created} gets from the policy ({@code expiryTime}), if any. */
  static Instant expiryFor(RotationPolicy policy, Instant created) {
    return policy.expiryTime().map(p -> created.atOffset(ZoneOffset.UTC).plus(p).toInstant()).orElse(null);
  }
}

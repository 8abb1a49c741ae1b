package io.keyrotation.sandbox.keyvault;

import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A key's rotation policy (REST {@code KeyRotationPolicy}): lifetime actions, each a {@code Rotate}
 * or {@code Notify} triggered some time after the version's creation or before its expiry, and the
 * expiry given to new versions. A key whose policy was never set has Key Vault's default policy: one
 * {@code Notify} 30 days before expiry, no id (the service returns it rather than 404).
 */
public record RotationPolicy(List<LifetimeAction> lifetimeActions, Optional<Period> expiryTime, Instant created, Instant updated) {

  public enum ActionType { Rotate, Notify }

  /** Exactly one of the two triggers is set, as ISO-8601 durations. */
  public record LifetimeAction(ActionType type, Optional<Period> timeAfterCreate, Optional<Period> timeBeforeExpiry) {
    public LifetimeAction {
      Objects.requireNonNull(type, "type");
      if (timeAfterCreate.isPresent() == timeBeforeExpiry.isPresent()) {
        throw VaultError.badParameter("A lifetime action needs exactly one trigger: timeAfterCreate or timeBeforeExpiry.");
      }
      // "Configure cryptographic key auto-rotation": rotation time at least 7 days from creation
      // and 7 days from expiration time.
      timeAfterCreate.or(() -> timeBeforeExpiry).filter(p -> shorterThan(p, 7)).ifPresent(p -> {
        throw VaultError.badParameter("A lifetime action's trigger must be at least 7 days (P7D), not " + p + ".");
      });
    }

    public static LifetimeAction rotateAfterCreate(Period period) {
      return new LifetimeAction(ActionType.Rotate, Optional.of(period), Optional.empty());
    }

    public static LifetimeAction notifyBeforeExpiry(Period period) {
      return new LifetimeAction(ActionType.Notify, Optional.empty(), Optional.of(period));
    }
  }

  public RotationPolicy {
    lifetimeActions = List.copyOf(lifetimeActions);
    Objects.requireNonNull(expiryTime, "expiryTime");
    // Same page: the expiry time is at least 28 days.
    expiryTime.filter(p -> shorterThan(p, 28)).ifPresent(p -> {
      throw VaultError.badParameter("A rotation policy's expiryTime must be at least 28 days (P28D), not " + p + ".");
    });
  }

  private static boolean shorterThan(Period period, int days) {
    java.time.LocalDate origin = java.time.LocalDate.of(2000, 1, 1);
    return origin.plus(period).isBefore(origin.plusDays(days));
  }

  /** What Key Vault returns for a key whose policy was never set. */
  static RotationPolicy defaultPolicy() {
    return new RotationPolicy(List.of(LifetimeAction.notifyBeforeExpiry(Period.ofDays(30))), Optional.empty(), null, null);
  }

  boolean isDefault() {
    return created == null;
  }
}

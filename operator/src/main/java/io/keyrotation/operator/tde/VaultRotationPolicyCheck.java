package io.keyrotation.operator.tde;

import io.keyrotation.operator.keyvault.KeyVaultGateway;
import io.keyrotation.operator.keyvault.VaultRotationPolicy;
import io.keyrotation.operator.status.ConditionSet;
import io.keyrotation.operator.status.ConditionSet.Status;
import io.keyrotation.operator.status.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Warns, without blocking, when a key SQL Server uses (the active key, or the key a rotation just
 * created) has a Key Vault rotation policy with a {@code Rotate} action: Key Vault would add
 * versions SQL Server never follows (DOMAIN.md section 1). Needs {@code getrotationpolicy}; when
 * that read fails (e.g. 403) the condition says the keys could not be checked.
 */
final class VaultRotationPolicyCheck {
  static final String CONDITION = "VaultRotationPolicy";

  private VaultRotationPolicyCheck() {}

  /** Sets the condition; returns the warning text when it newly became True or Unknown (for an Event). */
  static Optional<String> check(KeyVaultGateway vault, ConditionSet conditions, String... keyNames) {
    List<String> warnings = new ArrayList<>();
    List<String> unchecked = new ArrayList<>();
    List<String> names = java.util.Arrays.stream(keyNames).filter(Objects::nonNull).distinct().toList();
    for (String name : names) {
      try {
        vault.getRotationPolicy(name).flatMap(VaultRotationPolicy::warning).ifPresent(warnings::add);
      } catch (GatewayException e) {
        unchecked.add(name + " (" + e.reason() + ": " + e.getMessage() + ")");
      }
    }
    io.fabric8.kubernetes.api.model.Condition before = conditions.find(CONDITION);
    if (!warnings.isEmpty()) {
      String message = String.join(" ", warnings);
      conditions.set(CONDITION, Status.True, "RotatesBehindSqlServer", message);
      return changed(before, Status.True, message);
    }
    if (!unchecked.isEmpty()) {
      String message = "The Key Vault rotation policy of " + String.join(", ", unchecked) + " could not be read, so it is "
          + "unknown whether Key Vault adds versions behind SQL Server's back; grant the operator's identity "
          + "'getrotationpolicy' on keys. The rotation goes on.";
      conditions.set(CONDITION, Status.Unknown, "CouldNotCheck", message);
      return changed(before, Status.Unknown, message);
    }
    if (!names.isEmpty()) {
      conditions.set(CONDITION, Status.False, "NoAutomaticRotation", "No Key Vault rotation policy adds versions to "
          + String.join(", ", names) + ".");
    }
    return Optional.empty();
  }

  private static Optional<String> changed(io.fabric8.kubernetes.api.model.Condition before, Status now, String message) {
    boolean same = before != null && now.name().equals(String.valueOf(before.getStatus()))
        && message.equals(before.getMessage());
    return same ? Optional.empty() : Optional.of(message);
  }
}

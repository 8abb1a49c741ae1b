package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.backup.BackupSource.KeySelector;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.keyvault.KeyFilter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which VaultBackupSchedule must archive a new key before a database uses it: the one spec.backup names,
 * else the oldest schedule of the namespace whose source is the policy's vault and whose key selection
 * (names, or namePrefix and matchTags, or all keys) includes the key. Pure.
 */
public final class BackupCoverage {
  static final String NOT_FOUND = "BackupScheduleNotFound";
  static final String DOES_NOT_COVER = "BackupScheduleDoesNotCover";

  sealed interface Result {}

  record NotCovered() implements Result {}

  record Covered(VaultBackupSchedule schedule) implements Result {}

  /** The spec names a schedule that cannot archive the key: {@code reason} is the condition's. */
  record Refused(String reason, String message) implements Result {}

  private BackupCoverage() {}

  static Result find(TdeKeyPolicySpec spec, String namespace, List<VaultBackupSchedule> schedules, String key,
      Map<String, String> keyTags) {
    Optional<String> named = spec.backupScheduleName();
    if (named.isPresent()) {
      Optional<VaultBackupSchedule> schedule = schedules.stream()
          .filter(s -> s.getMetadata().getName().equals(named.get())).findFirst();
      if (schedule.isEmpty()) {
        return new Refused(NOT_FOUND, "spec.backup.scheduleRef names VaultBackupSchedule " + named.get() + ", which does not "
            + "exist in namespace " + namespace + ": create it, or change spec.backup. No new key is used before its backup.");
      }
      Optional<String> why = whyNotCovered(schedule.get(), spec.vault().url(), key, keyTags);
      return why.<Result>map(w -> new Refused(DOES_NOT_COVER, "VaultBackupSchedule " + named.get() + " (spec.backup.scheduleRef) "
          + "cannot archive key " + key + ": " + w + ".")).orElse(new Covered(schedule.get()));
    }
    return schedules.stream()
        .filter(s -> s.getMetadata().getDeletionTimestamp() == null)
        .filter(s -> whyNotCovered(s, spec.vault().url(), key, keyTags).isEmpty())
        .min(Comparator.comparing((VaultBackupSchedule s) -> String.valueOf(s.getMetadata().getCreationTimestamp()))
            .thenComparing(s -> s.getMetadata().getName()))
        .<Result>map(Covered::new).orElse(new NotCovered());
  }

  /** Empty when the schedule backs up {@code key} of {@code vaultUrl}; else why not, in words. */
  public static Optional<String> whyNotCovered(VaultBackupSchedule schedule, String vaultUrl, String key, Map<String, String> keyTags) {
    if (schedule.getSpec() == null || schedule.getSpec().source() == null || schedule.getSpec().source().vault() == null) {
      return Optional.of("it has no source vault");
    }
    String source = schedule.getSpec().source().vault().url();
    if (!TdeKeyPolicyPlanner.sameVault(source, vaultUrl)) {
      return Optional.of("it backs up vault " + source + ", not the policy's vault " + vaultUrl);
    }
    KeySelector selector = schedule.getSpec().source().keys();
    if (selector == null) {
      return Optional.empty();
    }
    if (selector.names() != null && !selector.names().isEmpty()) {
      // Key Vault names are case-insensitive.
      return selector.names().stream().anyMatch(key::equalsIgnoreCase) ? Optional.empty()
          : Optional.of("its spec.source.keys.names does not list " + key);
    }
    KeyFilter filter = new KeyFilter(selector.namePrefix() == null ? "" : selector.namePrefix(),
        selector.matchTags() == null ? Map.of() : selector.matchTags());
    return filter.matches(key, keyTags) ? Optional.empty()
        : Optional.of("its spec.source.keys (namePrefix " + selector.namePrefix() + ", matchTags " + selector.matchTags()
            + ") does not select " + key);
  }
}

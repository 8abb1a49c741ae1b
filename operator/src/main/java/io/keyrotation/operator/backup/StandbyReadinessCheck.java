package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.BackupSource.KeySelector;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.StandbyReadiness;
import io.keyrotation.operator.keyvault.KeyVaultGateway;
import io.keyrotation.operator.keyvault.VaultKey;
import io.keyrotation.operator.status.GatewayException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a user checks before a failover: for each standby and each key that matters (the keys the
 * schedule selected, and the keys the namespace's TdeKeyPolicies use in the source vault), whether it can
 * be restored now (archived), whether the standby holds it, and whether the EKM identity can wrap and
 * unwrap with it there. A key a policy uses that nothing archives is not restorable, and says why.
 */
final class StandbyReadinessCheck {
  private final BackupTargets targets;
  private final PolicyKeys policyKeys;
  private final Optional<Instant> nextRun;

  StandbyReadinessCheck(BackupTargets targets, PolicyKeys policyKeys, Optional<Instant> nextRun) {
    this.targets = targets;
    this.policyKeys = policyKeys;
    this.nextRun = nextRun;
  }

  /** The keys readiness covers: the selected ones and the policies' ones, sorted, case-insensitively distinct. */
  static SortedSet<String> keysToCheck(List<String> selectedKeys, PolicyKeys policyKeys) {
    SortedSet<String> keys = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    keys.addAll(selectedKeys);
    keys.addAll(policyKeys.keys());
    return keys;
  }

  List<StandbyReadiness> check(List<String> selectedKeys, Instant now) {
    List<StandbyReadiness> checked = new ArrayList<>();
    if (targets.standbys().isEmpty()) {
      return checked;
    }
    for (String key : keysToCheck(selectedKeys, policyKeys)) {
      Boolean restorable;
      String archiveProblem;
      try {
        restorable = !targets.archive().list(targets.sourceVaultName(), key).isEmpty();
        archiveProblem = restorable ? null : notArchived(key, selectedKeys.stream().anyMatch(key::equalsIgnoreCase));
      } catch (GatewayException e) {
        restorable = null;
        archiveProblem = e.getMessage();
      }
      for (int i = 0; i < targets.standbys().size(); i++) {
        checked.add(checkStandby(i, key, restorable, archiveProblem, now.toString()));
      }
    }
    return checked;
  }

  private String notArchived(String key, boolean selected) {
    String users = policyKeys.users(key).map(u -> "TdeKeyPolicy " + String.join(", ", u) + " uses this key, but ").orElse("");
    if (selected) {
      return users + "no archive of the key exists: see lastRun.problems for why the last run could not archive it.";
    }
    if (!selectorMayMatch(targets.selector(), key)) {
      return users + "spec.source.keys does not select it, so no run archives it and it cannot be restored: add it to "
          + "spec.source.keys (names or namePrefix), or back it up with another VaultBackupSchedule.";
    }
    return users + "no archive of it exists yet: the next run" + nextRun.map(t -> " (" + t + ")").orElse("")
        + " archives it if spec.source.keys selects it"
        + (targets.selector().matchTags() == null || targets.selector().matchTags().isEmpty() ? "" : " (its tags must match matchTags)")
        + "; annotate keyrotation.io/backup-now to run now.";
  }

  /** Whether names and namePrefix let the key through (its tags are not known here). */
  private static boolean selectorMayMatch(KeySelector selector, String key) {
    if (selector.names() != null && !selector.names().isEmpty()) {
      return selector.names().stream().anyMatch(key::equalsIgnoreCase);
    }
    String prefix = selector.namePrefix() == null ? "" : selector.namePrefix();
    return key.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private StandbyReadiness checkStandby(int index, String key, Boolean restorable, String archiveProblem, String now) {
    KeyVaultGateway standby = targets.standbys().get(index);
    List<String> problems = new ArrayList<>();
    if (archiveProblem != null) {
      problems.add(archiveProblem);
    }
    Boolean present;
    Optional<String> version = Optional.empty();
    try {
      version = standby.getKey(key).map(VaultKey::version);
      present = version.isPresent();
      if (!present) {
        problems.add("The standby has no key of this name.");
      }
    } catch (GatewayException e) {
      present = null;
      problems.add(e.getMessage());
    }
    Boolean usable = null;
    if (!targets.ekmGateways().isEmpty() && version.isPresent()) {
      try {
        targets.ekmGateways().get(index).proveWrapAndUnwrap(key, version.get());
        usable = true;
      } catch (GatewayException e) {
        usable = false;
        problems.add("EKM identity: " + e.getMessage());
      }
    }
    return new StandbyReadiness(standby.vaultUrl().toString(), key, restorable, present, usable,
        problems.isEmpty() ? null : String.join(" ", problems), now);
  }
}

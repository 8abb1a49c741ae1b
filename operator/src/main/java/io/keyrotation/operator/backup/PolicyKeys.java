package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicyStatus;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The keys of one vault that TdeKeyPolicies use, with the policies that use each: the active key and
 * every previous key (kept because backups taken before a rotation, and log files, still need them).
 * Before a policy has recorded its active key, the key it adopts ({@code spec.key.currentKeyName}).
 * A key is in the vault its {@code keyId} names; without one, in the policy's recorded or declared vault.
 */
record PolicyKeys(Map<String, SortedSet<String>> usersByKey) {
  PolicyKeys {
    TreeMap<String, SortedSet<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    usersByKey.forEach((key, users) -> copy.computeIfAbsent(key, k -> new TreeSet<>()).addAll(users));
    usersByKey = copy;
  }

  static PolicyKeys none() {
    return new PolicyKeys(Map.of());
  }

  static PolicyKeys in(URI vault, Collection<TdeKeyPolicy> policies) {
    Map<String, SortedSet<String>> users = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (TdeKeyPolicy policy : policies) {
      String name = policy.getMetadata().getName();
      for (String key : keysOf(policy, vault)) {
        users.computeIfAbsent(key, k -> new TreeSet<>()).add(name);
      }
    }
    return new PolicyKeys(users);
  }

  /** The key names one policy uses in {@code vault}: what decides whether a change of the policy matters to a backup. */
  static SortedSet<String> keysOf(TdeKeyPolicy policy, URI vault) {
    SortedSet<String> keys = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    TdeKeyPolicyStatus status = policy.getStatus();
    String declaredVault = policy.getSpec() == null || policy.getSpec().vault() == null ? null : policy.getSpec().vault().url();
    String policyVault = status != null && status.vaultUrl() != null ? status.vaultUrl() : declaredVault;
    List<ProtectorKey> used = new ArrayList<>();
    if (status != null && status.activeKey() != null) {
      used.add(status.activeKey());
    }
    if (status != null && status.previousKeys() != null) {
      used.addAll(status.previousKeys());
    }
    for (ProtectorKey key : used) {
      String keyVault = key.keyId() != null ? key.keyId() : policyVault;
      if (key.keyName() != null && sameVault(keyVault, vault)) {
        keys.add(key.keyName());
      }
    }
    if ((status == null || status.activeKey() == null) && policy.getSpec() != null && policy.getSpec().key() != null
        && policy.getSpec().key().currentKeyName() != null && sameVault(policyVault, vault)) {
      keys.add(policy.getSpec().key().currentKeyName());
    }
    return keys;
  }

  /**
   * Everything {@link #keysOf} reads from a policy, whatever the vault: a policy update that leaves it
   * unchanged (a status write during a rotation step) need not wake the backup schedules.
   */
  static String fingerprint(TdeKeyPolicy policy) {
    StringBuilder print = new StringBuilder();
    TdeKeyPolicyStatus status = policy.getStatus();
    if (policy.getSpec() != null) {
      print.append(policy.getSpec().vault() == null ? null : policy.getSpec().vault().url()).append('|')
          .append(policy.getSpec().key() == null ? null : policy.getSpec().key().currentKeyName()).append('|');
    }
    if (status != null) {
      print.append(status.vaultUrl()).append('|');
      if (status.activeKey() != null) {
        print.append(status.activeKey().keyName()).append('@').append(status.activeKey().keyId()).append('|');
      }
      if (status.previousKeys() != null) {
        status.previousKeys().forEach(k -> print.append(k.keyName()).append('@').append(k.keyId()).append(','));
      }
    }
    return print.toString();
  }

  SortedSet<String> keys() {
    SortedSet<String> keys = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    keys.addAll(usersByKey.keySet());
    return keys;
  }

  Optional<SortedSet<String>> users(String key) {
    return Optional.ofNullable(usersByKey.get(key));
  }

  private static boolean sameVault(String url, URI vault) {
    if (url == null) {
      return false;
    }
    try {
      URI other = URI.create(url);
      return other.getHost() != null && other.getHost().toLowerCase(Locale.ROOT).equals(vault.getHost().toLowerCase(Locale.ROOT))
          && port(other) == port(vault);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int port(URI uri) {
    return uri.getPort() < 0 ? 443 : uri.getPort();
  }
}

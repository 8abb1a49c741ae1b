package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.common.SqlServerInstance;
import io.keyrotation.operator.api.tde.DatabaseSelection;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Two policies that select the same database on the same instance would re-encrypt it in turn with
 * their own keys. The older policy (creation time, then namespace/name) keeps it; the other is refused.
 * Pure: decided from the specs alone, before any external call.
 *
 * <p>Every reconcile of a policy compares it with every other policy the operator knows, so the
 * comparison is one pass that builds nothing per other policy (host and database names that are
 * already lower case are not copied by {@link String#toLowerCase}).
 */
public final class PolicyOverlap {
  private PolicyOverlap() {}

  /** The first older policy among {@code others} that overlaps {@code policy}, as namespace/name. */
  public static Optional<String> olderOverlapping(TdeKeyPolicy policy, Collection<TdeKeyPolicy> others) {
    Footprint own = null;
    TdeKeyPolicy oldest = null;
    for (TdeKeyPolicy other : others) {
      // Not older: the younger ones and the policy itself (its own namespace/name ties).
      if (other.getSpec() == null || other.getSpec().sqlServer() == null || compareAge(other, policy) >= 0) {
        continue;
      }
      own = own == null ? new Footprint(policy) : own;
      if (!own.overlaps(other)) {
        continue;
      }
      if (oldest == null || compareAge(other, oldest) < 0) {
        oldest = other;
      }
    }
    return Optional.ofNullable(oldest).map(PolicyOverlap::qualifiedName);
  }

  /** The instances (host names lower case) and databases (lower case) one policy selects. */
  private static final class Footprint {
    private final List<SqlServerInstance> instances;
    private final List<String> hosts;
    private final boolean allEncrypted;
    private final Set<String> names;

    Footprint(TdeKeyPolicy policy) {
      this.instances = policy.getSpec().sqlServer().instances();
      this.hosts = instances.stream().map(i -> i.host().toLowerCase(Locale.ROOT)).toList();
      DatabaseSelection databases = policy.getSpec().sqlServer().databases();
      this.allEncrypted = databases.selection() == DatabaseSelection.Selection.AllEncrypted;
      this.names = new HashSet<>();
      if (!allEncrypted && databases.names() != null) {
        databases.names().forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
      }
    }

    boolean overlaps(TdeKeyPolicy other) {
      return sharesAnInstance(other.getSpec().sqlServer().instances()) && selectionsMeet(other.getSpec().sqlServer().databases());
    }

    private boolean sharesAnInstance(List<SqlServerInstance> others) {
      for (SqlServerInstance theirs : others) {
        String host = theirs.host().toLowerCase(Locale.ROOT);
        for (int i = 0; i < instances.size(); i++) {
          if (Objects.equals(instances.get(i).port(), theirs.port()) && hosts.get(i).equals(host)) {
            return true;
          }
        }
      }
      return false;
    }

    private boolean selectionsMeet(DatabaseSelection theirs) {
      if (allEncrypted || theirs.selection() == DatabaseSelection.Selection.AllEncrypted) {
        return true;
      }
      if (theirs.names() == null) {
        return false;
      }
      for (String name : theirs.names()) {
        if (names.contains(name.toLowerCase(Locale.ROOT))) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Older first: creation time (whole seconds, so ties are common), then namespace/name; within one namespace
   * that is the order of the names, without building either string.
   */
  private static int compareAge(TdeKeyPolicy a, TdeKeyPolicy b) {
    int byTime = Objects.requireNonNullElse(a.getMetadata().getCreationTimestamp(), "")
        .compareTo(Objects.requireNonNullElse(b.getMetadata().getCreationTimestamp(), ""));
    if (byTime != 0) {
      return byTime;
    }
    return Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace())
        ? a.getMetadata().getName().compareTo(b.getMetadata().getName())
        : qualifiedName(a).compareTo(qualifiedName(b));
  }

  static String qualifiedName(TdeKeyPolicy policy) {
    return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
  }
}

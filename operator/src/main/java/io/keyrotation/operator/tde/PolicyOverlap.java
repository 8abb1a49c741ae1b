package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.common.SqlServerInstance;
import io.keyrotation.operator.api.tde.DatabaseSelection;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Two policies that select the same database on the same instance would re-encrypt it in turn with
 * their own keys. The older policy (creation time, then namespace/name) keeps it; the other is refused.
 * Pure: decided from the specs alone, before any external call.
 */
public final class PolicyOverlap {
  private static final Comparator<TdeKeyPolicy> AGE = Comparator
      .comparing((TdeKeyPolicy p) -> Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""))
      .thenComparing(PolicyOverlap::qualifiedName);

  private PolicyOverlap() {}

  /** The first older policy among {@code others} that overlaps {@code policy}, as namespace/name. */
  public static Optional<String> olderOverlapping(TdeKeyPolicy policy, Collection<TdeKeyPolicy> others) {
    return others.stream()
        .filter(o -> !qualifiedName(o).equals(qualifiedName(policy)))
        .filter(o -> o.getSpec() != null && o.getSpec().sqlServer() != null)
        .filter(o -> AGE.compare(o, policy) < 0)
        .filter(o -> overlaps(policy, o))
        .sorted(AGE)
        .map(PolicyOverlap::qualifiedName)
        .findFirst();
  }

  static boolean overlaps(TdeKeyPolicy a, TdeKeyPolicy b) {
    Set<String> shared = addresses(a);
    shared.retainAll(addresses(b));
    return !shared.isEmpty() && selectionsMeet(a.getSpec().sqlServer().databases(), b.getSpec().sqlServer().databases());
  }

  private static boolean selectionsMeet(DatabaseSelection a, DatabaseSelection b) {
    if (a.selection() == DatabaseSelection.Selection.AllEncrypted || b.selection() == DatabaseSelection.Selection.AllEncrypted) {
      return true;
    }
    Set<String> names = lower(a.names());
    names.retainAll(lower(b.names()));
    return !names.isEmpty();
  }

  private static Set<String> addresses(TdeKeyPolicy policy) {
    return policy.getSpec().sqlServer().instances().stream()
        .map(PolicyOverlap::address).collect(Collectors.toSet());
  }

  private static String address(SqlServerInstance instance) {
    return instance.host().toLowerCase(Locale.ROOT) + ":" + instance.port();
  }

  private static Set<String> lower(Collection<String> names) {
    return names == null ? new java.util.HashSet<>()
        : names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }

  static String qualifiedName(TdeKeyPolicy policy) {
    return policy.getMetadata().getNamespace() + "/" + policy.getMetadata().getName();
  }
}

package io.keyrotation.sandbox.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of the mock's store grouped by resource (plural) and by resource and name, in the store's own order, so
 * that a query naming a resource looks only at the objects of that resource. It only narrows: a candidate is still
 * matched against the whole query, so the answer is what a scan of the store would give. Not thread-safe.
 */
final class StoreIndex {

  private static final String PLURAL = KubernetesAttributesExtractor.PLURAL;
  private static final String NAME = KubernetesAttributesExtractor.NAME;

  private final Map<Attribute, Set<AttributeSet>> byPlural = new HashMap<>();
  private final Map<List<Attribute>, Set<AttributeSet>> byPluralAndName = new HashMap<>();

  /** As the store's LinkedHashMap: a key added again keeps its place. */
  void add(AttributeSet key) {
    Attribute plural = key.getAttribute(PLURAL);
    if (plural == null) {
      return; // no query that names a resource can match it
    }
    byPlural.computeIfAbsent(plural, p -> new LinkedHashSet<>()).add(key);
    Attribute name = key.getAttribute(NAME);
    if (name != null) {
      byPluralAndName.computeIfAbsent(List.of(plural, name), k -> new LinkedHashSet<>()).add(key);
    }
  }

  void remove(AttributeSet key) {
    Attribute plural = key.getAttribute(PLURAL);
    if (plural == null) {
      return;
    }
    removeFrom(byPlural, plural, key);
    Attribute name = key.getAttribute(NAME);
    if (name != null) {
      removeFrom(byPluralAndName, List.of(plural, name), key);
    }
  }

  void clear() {
    byPlural.clear();
    byPluralAndName.clear();
  }

  void rebuild(Collection<AttributeSet> keysInStoreOrder) {
    clear();
    keysInStoreOrder.forEach(this::add);
  }

  /**
   * The keys that may match {@code query}, in store order; empty when the query names no resource (then only a scan
   * of the whole store answers it).
   */
  Optional<Collection<AttributeSet>> candidates(AttributeSet query) {
    Attribute plural = query.getAttribute(PLURAL);
    if (!isEquality(plural)) {
      return Optional.empty();
    }
    Attribute name = query.getAttribute(NAME);
    Set<AttributeSet> keys = isEquality(name) ? byPluralAndName.get(List.of(plural, name)) : byPlural.get(plural);
    return Optional.of(keys == null ? Set.of() : keys);
  }

  private static boolean isEquality(Attribute attribute) {
    return attribute != null && attribute.getType() == AttributeType.WITH && attribute.getValues().size() == 1;
  }

  private static <K> void removeFrom(Map<K, Set<AttributeSet>> index, K indexKey, AttributeSet key) {
    Set<AttributeSet> keys = index.get(indexKey);
    if (keys != null && keys.remove(key) && keys.isEmpty()) {
      index.remove(indexKey);
    }
  }
}

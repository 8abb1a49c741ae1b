package io.keyrotation.sandbox.keyvault;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A vault's access policies: which client id (service principal) holds which key permissions. */
final class AccessPolicies {
  private final Map<String, Set<KeyPermission>> byClientId = new ConcurrentHashMap<>();

  void grant(String clientId, KeyPermission... permissions) {
    byClientId.compute(key(clientId), (id, held) -> {
      EnumSet<KeyPermission> next = held == null ? EnumSet.noneOf(KeyPermission.class) : EnumSet.copyOf(held);
      next.addAll(Arrays.asList(permissions));
      return Set.copyOf(next);
    });
  }

  void revoke(String clientId, KeyPermission... permissions) {
    byClientId.computeIfPresent(key(clientId), (id, held) -> {
      EnumSet<KeyPermission> next = EnumSet.copyOf(held);
      Arrays.asList(permissions).forEach(next::remove);
      return next.isEmpty() ? null : Set.copyOf(next);
    });
  }

  boolean permits(String clientId, KeyPermission permission) {
    return clientId != null && byClientId.getOrDefault(key(clientId), Set.of()).contains(permission);
  }

  private static String key(String clientId) {
    return clientId.toLowerCase(Locale.ROOT);
  }
}

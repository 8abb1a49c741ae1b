package io.keyrotation.sandbox.graph;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may read and change which application through Graph: the application permissions granted
 * (with admin consent) to each calling application, and each application's owners. A caller with
 * no grant may do nothing, as in Azure AD, where an app-only token carries only consented roles.
 */
public final class GraphAccess {
  private final Map<String, Set<GraphPermission>> granted = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> owners = new ConcurrentHashMap<>();

  public void grant(String callerAppId, GraphPermission... permissions) {
    granted.computeIfAbsent(key(callerAppId), k -> ConcurrentHashMap.newKeySet()).addAll(Set.of(permissions));
  }

  public void revokeAll(String callerAppId) {
    granted.remove(key(callerAppId));
  }

  /** Makes {@code ownerAppId}'s service principal an owner of {@code appId} (what OwnedBy needs). */
  public void addOwner(String appId, String ownerAppId) {
    owners.computeIfAbsent(key(appId), k -> ConcurrentHashMap.newKeySet()).add(key(ownerAppId));
  }

  public void removeOwner(String appId, String ownerAppId) {
    owners.getOrDefault(key(appId), Set.of()).remove(key(ownerAppId));
  }

  boolean mayRead(String callerAppId, String appId) {
    Set<GraphPermission> roles = rolesOf(callerAppId);
    return roles.contains(GraphPermission.APPLICATION_READ_ALL) || mayChange(callerAppId, appId);
  }

  boolean mayChange(String callerAppId, String appId) {
    Set<GraphPermission> roles = rolesOf(callerAppId);
    return roles.contains(GraphPermission.APPLICATION_READ_WRITE_ALL)
        || roles.contains(GraphPermission.APPLICATION_READ_WRITE_OWNED_BY)
            && owners.getOrDefault(key(appId), Set.of()).contains(key(callerAppId));
  }

  private Set<GraphPermission> rolesOf(String callerAppId) {
    Set<GraphPermission> roles = granted.get(key(callerAppId));
    return roles == null ? EnumSet.noneOf(GraphPermission.class) : roles;
  }

  private static String key(String appId) {
    return appId.toLowerCase(Locale.ROOT);
  }
}

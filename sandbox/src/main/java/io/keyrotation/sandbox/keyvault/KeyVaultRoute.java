package io.keyrotation.sandbox.keyvault;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Which key operation an HTTP request is, by method and path (empty path segments ignored). */
record KeyVaultRoute(VaultOperation operation, String name, String version) {

  static Optional<KeyVaultRoute> parse(String method, String path) {
    List<String> s = Arrays.stream(path.split("/")).filter(part -> !part.isEmpty()).toList();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    String root = s.get(0).toLowerCase(java.util.Locale.ROOT);
    if (root.equals("keys")) {
      return keys(method, s);
    }
    if (root.equals("deletedkeys")) {
      return deletedKeys(method, s);
    }
    return Optional.empty();
  }

  private static Optional<KeyVaultRoute> keys(String method, List<String> s) {
    switch (s.size()) {
      case 1:
        return when(method, "GET", VaultOperation.LIST_KEYS, null, null);
      case 2:
        if (s.get(1).equalsIgnoreCase("restore") && method.equals("POST")) {
          return Optional.of(new KeyVaultRoute(VaultOperation.RESTORE_KEY, null, null));
        }
        if (method.equals("DELETE")) {
          return Optional.of(new KeyVaultRoute(VaultOperation.DELETE_KEY, s.get(1), null));
        }
        return when(method, "GET", VaultOperation.GET_KEY, s.get(1), null);
      case 3: {
        String third = s.get(2).toLowerCase(java.util.Locale.ROOT);
        return switch (third) {
          case "create" -> when(method, "POST", VaultOperation.CREATE_KEY, s.get(1), null);
          case "versions" -> when(method, "GET", VaultOperation.LIST_KEY_VERSIONS, s.get(1), null);
          case "backup" -> when(method, "POST", VaultOperation.BACKUP_KEY, s.get(1), null);
          case "wrapkey" -> when(method, "POST", VaultOperation.WRAP_KEY, s.get(1), null);
          case "unwrapkey" -> when(method, "POST", VaultOperation.UNWRAP_KEY, s.get(1), null);
          case "rotationpolicy" -> when(method, "GET", VaultOperation.GET_ROTATION_POLICY, s.get(1), null);
          default -> when(method, "GET", VaultOperation.GET_KEY, s.get(1), s.get(2));
        };
      }
      case 4: {
        String fourth = s.get(3).toLowerCase(java.util.Locale.ROOT);
        return switch (fourth) {
          case "wrapkey" -> when(method, "POST", VaultOperation.WRAP_KEY, s.get(1), s.get(2));
          case "unwrapkey" -> when(method, "POST", VaultOperation.UNWRAP_KEY, s.get(1), s.get(2));
          default -> Optional.empty();
        };
      }
      default:
        return Optional.empty();
    }
  }

  private static Optional<KeyVaultRoute> deletedKeys(String method, List<String> s) {
    if (s.size() == 1) {
      return when(method, "GET", VaultOperation.LIST_DELETED_KEYS, null, null);
    }
    if (s.size() == 2) {
      return method.equals("DELETE")
          ? Optional.of(new KeyVaultRoute(VaultOperation.PURGE_DELETED_KEY, s.get(1), null))
          : when(method, "GET", VaultOperation.GET_DELETED_KEY, s.get(1), null);
    }
    if (s.size() == 3 && s.get(2).equalsIgnoreCase("recover")) {
      return when(method, "POST", VaultOperation.RECOVER_DELETED_KEY, s.get(1), null);
    }
    return Optional.empty();
  }

  private static Optional<KeyVaultRoute> when(String method, String expected, VaultOperation op, String name, String version) {
    return method.equals(expected) ? Optional.of(new KeyVaultRoute(op, name, version)) : Optional.empty();
  }
}

package io.keyrotation.operator.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The operation label of a Key Vault keys REST call, from its method and path
 * (https://learn.microsoft.com/rest/api/keyvault/keys/operation-groups). Key names and versions
 * are in the path; only the fixed verb is kept.
 */
final class KeyVaultOperations {
  private static final Set<String> KEY_ACTIONS = Set.of("create", "import", "backup", "rotate", "recover",
      "encrypt", "decrypt", "wrapkey", "unwrapkey", "sign", "verify", "release");

  private KeyVaultOperations() {}

  static String of(String method, String path) {
    List<String> parts = segments(path);
    if (parts.isEmpty()) {
      return "other";
    }
    String last = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
    return switch (parts.get(0).toLowerCase(Locale.ROOT)) {
      case "keys" -> keys(method, parts.size(), last);
      case "deletedkeys" -> parts.size() == 1 ? "listDeleted"
          : parts.size() == 3 && last.equals("recover") ? "recover"
          : method.equals("DELETE") ? "purge" : "getDeleted";
      default -> "other";
    };
  }

  private static String keys(String method, int depth, String last) {
    if (depth == 1) {
      return "list";
    }
    if (depth == 2 && last.equals("restore")) {
      return "restore";
    }
    if (depth >= 3 && KEY_ACTIONS.contains(last)) {
      return last;
    }
    if (depth == 3 && last.equals("versions")) {
      return "listVersions";
    }
    if (depth == 3 && last.equals("rotationpolicy")) {
      return method.equals("GET") ? "getRotationPolicy" : "setRotationPolicy";
    }
    return switch (method) {
      case "GET" -> "get";
      case "PATCH" -> "update";
      case "DELETE" -> "delete";
      default -> "other";
    };
  }

  static List<String> segments(String path) {
    return path == null ? List.of() : java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
  }
}

package io.keyrotation.operator.metrics;

import java.util.List;
import java.util.Locale;

/** The operation label of a Microsoft Graph call on an application (ids stay out of it). */
final class GraphOperations {
  private GraphOperations() {}

  static String of(String method, String path) {
    List<String> parts = KeyVaultOperations.segments(path);
    if (parts.isEmpty()) {
      return "other";
    }
    String last = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
    if (last.equals("addpassword")) {
      return "addPassword";
    }
    if (last.equals("removepassword")) {
      return "removePassword";
    }
    boolean application = parts.stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).startsWith("applications"));
    return application && method.equals("GET") ? "getApplication" : "other";
  }
}

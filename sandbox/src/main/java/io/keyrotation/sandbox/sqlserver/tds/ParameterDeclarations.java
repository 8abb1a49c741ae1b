package io.keyrotation.sandbox.sqlserver.tds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the {@code @params} text of sp_executesql / sp_prepexec ("@P0 nvarchar(4000),@P1 int"). */
final class ParameterDeclarations {
  private ParameterDeclarations() {}

  static List<String> names(String declarations) {
    List<String> names = new ArrayList<>();
    if (declarations == null || declarations.isBlank()) {
      return names;
    }
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : declarations.toCharArray()) {
      if (c == '(') depth++;
      if (c == ')') depth--;
      if (c == ',' && depth == 0) {
        names.add(firstWord(current.toString()));
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    names.add(firstWord(current.toString()));
    return names;
  }

  static Map<String, Object> bind(String declarations, List<Object> values) {
    List<String> names = names(declarations);
    Map<String, Object> bound = new LinkedHashMap<>();
    for (int i = 0; i < names.size() && i < values.size(); i++) {
      bound.put(names.get(i).toLowerCase(java.util.Locale.ROOT), values.get(i));
    }
    return bound;
  }

  private static String firstWord(String declaration) {
    String trimmed = declaration.trim();
    int space = trimmed.indexOf(' ');
    return space < 0 ? trimmed : trimmed.substring(0, space);
  }
}

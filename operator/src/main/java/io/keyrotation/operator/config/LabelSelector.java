package io.keyrotation.operator.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector in the string form the API server accepts in {@code ?labelSelector=} (equality- and
 * set-based requirements separated by commas), checked before any informer starts so a typo stops the operator with a
 * clear message instead of every list call failing. The grammar follows "Labels and Selectors" in the Kubernetes docs.
 */
public final class LabelSelector {
  private static final String PREFIX = "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?";
  private static final String NAME = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
  private static final String KEY = PREFIX + NAME;
  private static final String VALUE = "(" + NAME + ")?";
  private static final Pattern EXISTS = Pattern.compile("!?\\s*" + KEY);
  private static final Pattern EQUALITY = Pattern.compile(KEY + "\\s*(=|==|!=)\\s*" + VALUE);
  private static final Pattern SET = Pattern.compile(
      KEY + "\\s+(in|notin)\\s*\\(\\s*" + VALUE + "(\\s*,\\s*" + VALUE + ")*\\s*\\)");

  private LabelSelector() {}

  /**
   * @return the selector trimmed, or empty for none
   * @throws IllegalArgumentException naming the variable and the requirement that is wrong
   */
  static String parse(String variable, String text) {
    String selector = text.trim();
    if (selector.isEmpty()) {
      return "";
    }
    for (String requirement : requirements(selector)) {
      String r = requirement.trim();
      if (!EXISTS.matcher(r).matches() && !EQUALITY.matcher(r).matches() && !SET.matcher(r).matches()) {
        throw new IllegalArgumentException(variable + " must be a Kubernetes label selector such as"
            + " 'keyrotation.io/shard=a' or 'tier in (gold,silver)'; '" + r + "' is not a valid requirement");
      }
    }
    return selector;
  }

  /** Splits at the commas between requirements, not those inside {@code in (a,b)}. */
  private static List<String> requirements(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(selector.substring(start));
    return parts;
  }
}

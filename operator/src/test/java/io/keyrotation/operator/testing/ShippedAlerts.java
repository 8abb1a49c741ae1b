package io.keyrotation.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The alert rules shipped in deploy/components/prometheus-rule, and the metric names their PromQL
 * expressions read. No PromQL parser is published on Maven Central for Java, so names are found the
 * way the grammar separates them: strings, label matchers, ranges and grouping label lists removed,
 * what is left that is an identifier not called as a function and not a keyword is a metric name.
 */
public final class ShippedAlerts {
  public static final Path FILE = Path.of("../deploy/components/prometheus-rule/prometheusrule.yaml");

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
      "ignoring", "group_left", "group_right", "inf", "nan");

  public record Rule(String alert, String expr, String forDuration, JsonNode annotations, JsonNode labels) {}

  private ShippedAlerts() {}

  public static List<Rule> rules() {
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(FILE.toFile());
      List<Rule> rules = new ArrayList<>();
      for (JsonNode group : root.path("spec").path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          rules.add(new Rule(rule.path("alert").asText(null), rule.path("expr").asText(), rule.path("for").asText(null),
              rule.path("annotations"), rule.path("labels")));
        }
      }
      return rules;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Set<String> metricNames(String expr) {
    String rest = STRING.matcher(expr).replaceAll(" ");
    rest = MATCHERS.matcher(rest).replaceAll(" ");
    rest = RANGE.matcher(rest).replaceAll(" ");
    rest = GROUPING.matcher(rest).replaceAll(" ");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(rest);
    while (m.find()) {
      String word = m.group();
      boolean calledAsFunction = rest.substring(m.end()).stripLeading().startsWith("(");
      boolean partOfNumber = m.start() > 0 && Character.isDigit(rest.charAt(m.start() - 1));
      if (!calledAsFunction && !partOfNumber && !KEYWORDS.contains(word.toLowerCase())) {
        names.add(word);
      }
    }
    return names;
  }
}

package io.keyrotation.operator.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A page of Prometheus' text exposition format, read into samples. */
public record Scrape(List<Sample> samples) {
  public record Sample(String name, Map<String, String> labels, double value) {}

  public static Scrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      samples.add(sample(line));
    }
    return new Scrape(List.copyOf(samples));
  }

  public Set<String> names() {
    return samples.stream().map(Sample::name).collect(Collectors.toSet());
  }

  public List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The one sample of that name whose labels include all of {@code labels}. */
  public Optional<Double> value(String name, Map<String, String> labels) {
    List<Sample> found = samples.stream().filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
    if (found.size() > 1) {
      throw new IllegalStateException(found.size() + " samples of " + name + " match " + labels);
    }
    return found.stream().findFirst().map(Sample::value);
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (brace < 0 || brace > space) {
      return new Sample(line.substring(0, space), Map.of(), Double.parseDouble(line.substring(space + 1).trim().split(" ")[0]));
    }
    String name = line.substring(0, brace);
    Map<String, String> labels = new LinkedHashMap<>();
    int i = brace + 1;
    while (line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      String label = line.substring(i, eq).trim();
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      while (line.charAt(j) != '"') {
        char c = line.charAt(j);
        if (c == '\\') {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
        j++;
      }
      labels.put(label, value.toString());
      i = j + 1;
      if (line.charAt(i) == ',') {
        i++;
      }
    }
    String rest = line.substring(i + 1).trim().split(" ")[0];
    return new Sample(name, labels, Double.parseDouble(rest.replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
  }
}

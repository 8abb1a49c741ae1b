package io.keyrotation.operator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The results of one {@code make bench} run, as Markdown: printed as they come and written to one file at the end. */
final class BenchReport {
  private final List<String> lines = new ArrayList<>();

  void section(String title) {
    add("");
    add("## " + title);
    add("");
  }

  void row(String measure, Object value, String note) {
    add("| " + measure + " | " + value + " | " + note + " |");
  }

  void tableHeader() {
    add("| measure | value | note |");
    add("|---|---|---|");
  }

  void text(String line) {
    add(line);
  }

  private void add(String line) {
    lines.add(line);
    System.out.println(line);
  }

  void write(Path file, String header) {
    try {
      Files.createDirectories(file.getParent());
      List<String> all = new ArrayList<>();
      all.add("# make bench, " + Instant.now());
      all.add("");
      all.add(header);
      all.addAll(lines);
      Files.write(file, all);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String ratio(double value) {
    return String.format("%.3f", value);
  }

  static String millis(double value) {
    return String.format("%.2f ms", value);
  }
}

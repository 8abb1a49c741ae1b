package io.keyrotation.operator.bench;

import io.keyrotation.operator.e2e.OperatorProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's live heap as {@code jcmd GC.class_histogram} reports it: that command runs a full GC and counts
 * only reachable objects, so its total is the heap after a full GC without the garbage that a busy process allocates
 * in the moment between a GC and a read of its heap gauge.
 */
record LiveHeap(List<String> lines, long totalBytes) {
  private static final Pattern TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)\\s*$");

  static LiveHeap of(OperatorProcess operator, Path copy) throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process histogram = new ProcessBuilder(jcmd, String.valueOf(operator.handle().pid()), "GC.class_histogram")
        .redirectErrorStream(true).start();
    String text = new String(histogram.getInputStream().readAllBytes());
    histogram.waitFor();
    Files.writeString(copy, text);
    List<String> lines = text.lines().skip(1).toList();
    long total = lines.stream().map(TOTAL::matcher).filter(Matcher::matches)
        .mapToLong(m -> Long.parseLong(m.group(1))).findFirst()
        .orElseThrow(() -> new IllegalStateException("no Total line in the class histogram: " + copy));
    return new LiveHeap(lines, total);
  }

  /** A heap dump of live objects, for a closer look than the histogram gives (-Dbench.scale.heapdump=true). */
  static void dump(OperatorProcess operator, Path file) throws IOException, InterruptedException {
    Files.deleteIfExists(file);
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    new ProcessBuilder(jcmd, String.valueOf(operator.handle().pid()), "GC.heap_dump", file.toAbsolutePath().toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }

  List<String> largest(int rows) {
    return lines.stream().limit(rows).toList();
  }
}

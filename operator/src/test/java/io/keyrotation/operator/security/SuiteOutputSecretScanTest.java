package io.keyrotation.operator.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.sandbox.IssuedSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * After the suite (its own surefire execution, see operator/pom.xml): no secret value any stand-in
 * issued in either module's tests (client secrets, SQL passwords, access and ServiceAccount tokens)
 * appears in anything the suite produced: test output and reports (which hold the logs, exception
 * messages and assertion messages, and thereby the Events and status the tests printed) and log files.
 * A finding names the file, line and the secret's origin, never the value.
 */
@EnabledIfSystemProperty(named = "keyrotation.secretScan", matches = "true")
class SuiteOutputSecretScanTest {
  static final List<Path> MODULE_TARGETS = List.of(Path.of("target"), Path.of("../sandbox/target"));
  static final String ISSUED = "issued-secrets.txt";

  @Test
  void noIssuedSecretAppearsInAnythingTheSuiteProduced() throws IOException {
    Map<String, String> secrets = issuedSecrets();
    assertThat(secrets).as("secrets the stand-ins recorded (is %s set for surefire?)", IssuedSecrets.FILE_PROPERTY)
        .isNotEmpty();
    SecretFinder finder = new SecretFinder(secrets);
    List<String> findings = new ArrayList<>();
    for (Path file : producedFiles()) {
      finder.findIn(Files.readString(file, StandardCharsets.ISO_8859_1), file, findings);
    }
    assertThat(findings).as("secrets found in the suite's output").isEmpty();
  }

  /** value -> where it came from, from each module's record (base64 per line). */
  private static Map<String, String> issuedSecrets() throws IOException {
    Map<String, String> secrets = new LinkedHashMap<>();
    for (Path target : MODULE_TARGETS) {
      Path file = target.resolve(ISSUED);
      if (!Files.exists(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        int tab = line.indexOf('\t');
        if (tab > 0) {
          // ISO-8859-1 on both sides: byte-exact matching of UTF-8 text without decoding the files
          String value = new String(Base64.getDecoder().decode(line.substring(tab + 1)), StandardCharsets.ISO_8859_1);
          secrets.putIfAbsent(value, line.substring(0, tab));
        }
      }
    }
    return secrets;
  }

  private static List<Path> producedFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path target : MODULE_TARGETS) {
      Path reports = target.resolve("surefire-reports");
      if (Files.isDirectory(reports)) {
        try (Stream<Path> walk = Files.walk(reports)) {
          walk.filter(Files::isRegularFile).forEach(files::add);
        }
      }
      if (Files.isDirectory(target)) {
        try (Stream<Path> walk = Files.walk(target)) {
          walk.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".log")).forEach(files::add);
        }
      }
    }
    return files;
  }

  /** Finds many secrets in one pass: candidates by their first {@link IssuedSecrets#MIN_LENGTH} characters. */
  static final class SecretFinder {
    private final Map<String, List<String>> byPrefix = new HashMap<>();
    private final Map<String, String> origins;

    SecretFinder(Map<String, String> secrets) {
      this.origins = secrets;
      secrets.keySet().forEach(s -> byPrefix.computeIfAbsent(s.substring(0, IssuedSecrets.MIN_LENGTH),
          p -> new ArrayList<>()).add(s));
    }

    void findIn(String text, Path file, List<String> findings) {
      int n = IssuedSecrets.MIN_LENGTH;
      for (int i = 0; i + n <= text.length(); i++) {
        List<String> candidates = byPrefix.get(text.substring(i, i + n));
        if (candidates == null) {
          continue;
        }
        for (String secret : candidates) {
          if (text.startsWith(secret, i)) {
            findings.add(file + ":" + lineOf(text, i) + ": a " + origins.get(secret));
          }
        }
      }
    }

    private static int lineOf(String text, int index) {
      int line = 1;
      for (int i = 0; i < index; i++) {
        if (text.charAt(i) == '\n') {
          line++;
        }
      }
      return line;
    }
  }
}

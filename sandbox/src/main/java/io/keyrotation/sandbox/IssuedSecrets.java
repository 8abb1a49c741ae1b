package io.keyrotation.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Every secret value a stand-in issued or was given (client secrets, SQL login passwords, access and
 * ServiceAccount tokens), so that a test can show none of them leaked into anything the suite produced.
 * When the system property {@value #FILE_PROPERTY} names a file, each value is also appended to it, base64
 * encoded (so the file itself does not hold the text searched for), one {@code origin<TAB>base64} per line.
 * Values shorter than {@value #MIN_LENGTH} characters are not recorded: they would match ordinary text.
 */
public final class IssuedSecrets {

  public static final String FILE_PROPERTY = "keyrotation.issuedSecretsFile";
  public static final int MIN_LENGTH = 8;

  private static final Set<String> VALUES = new LinkedHashSet<>();

  private IssuedSecrets() {
  }

  public static synchronized void record(String origin, String value) {
    if (value == null || value.length() < MIN_LENGTH || !VALUES.add(value)) {
      return;
    }
    String file = System.getProperty(FILE_PROPERTY);
    if (file == null || file.isBlank()) {
      return;
    }
    String line = origin + "\t" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "\n";
    try {
      Path path = Path.of(file);
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      Files.writeString(path, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record an issued secret in " + file, e);
    }
  }

  /** The values recorded in this JVM. */
  public static synchronized Set<String> values() {
    return Set.copyOf(VALUES);
  }
}

package io.keyrotation.operator.testing;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The manifests under examples/, as users apply them, optionally with one textual edit. */
public final class Examples {
  public static final Path DIR = Path.of("../examples");

  private Examples() {}

  public static String text(String file) {
    try {
      return Files.readString(DIR.resolve(file));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static <T> T load(String file, Class<T> type) {
    return Serialization.unmarshal(text(file), type);
  }

  /** The example with {@code from} replaced by {@code to}; fails if {@code from} is not in it. */
  public static <T> T edited(String file, Class<T> type, String from, String to) {
    String text = text(file);
    if (!text.contains(from)) {
      throw new IllegalArgumentException(file + " does not contain: " + from);
    }
    return Serialization.unmarshal(text.replace(from, to), type);
  }
}

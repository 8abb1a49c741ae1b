package io.keyrotation.sandbox.blob;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code npm ci} (run by the Makefile from {@code sandbox/azurite/}) put Azurite: found from the
 * {@code AZURITE_HOME} environment variable (the folder holding {@code node_modules}) or by walking up
 * from the working directory to the repository's {@code sandbox/azurite}.
 */
final class AzuriteInstallation {
  private static final Path BLOB_MAIN = Path.of("node_modules", "azurite", "dist", "src", "blob", "main.js");

  private AzuriteInstallation() {}

  static Path blobMain() {
    String home = System.getenv("AZURITE_HOME");
    if (home != null && !home.isBlank()) {
      return existing(Path.of(home).resolve(BLOB_MAIN));
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("sandbox").resolve("azurite").resolve(BLOB_MAIN);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("Azurite is not installed: run `make azurite` (npm ci in sandbox/azurite) or set AZURITE_HOME");
  }

  private static Path existing(Path main) {
    if (!Files.isRegularFile(main)) {
      throw new IllegalStateException("AZURITE_HOME has no " + BLOB_MAIN + ": run npm ci there");
    }
    return main;
  }
}

package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole sandbox (SandboxMain, every stand-in) as its own process, as {@code make demo} runs it: what it wrote to
 * its state directory (sandbox.env, and the private env files with the demo identities' secrets) read back.
 */
final class SandboxProcess implements AutoCloseable {
  private final Process process;
  private final Path state;
  private final Map<String, String> env;
  private final Map<String, String> secrets;

  private SandboxProcess(Process process, Path state) throws IOException {
    this.process = process;
    this.state = state;
    this.env = readEnv(state.resolve("sandbox.env"));
    this.secrets = readEnv(state.resolve("keyvault-demo.env"));
    secrets.putAll(readEnv(state.resolve("sqlserver-demo.env")));
  }

  static SandboxProcess start(Path state) throws IOException {
    Files.createDirectories(state);
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.keyrotation.sandbox.SandboxMain", "--state-dir=" + state,
        "--crds=" + Path.of("../crds").toAbsolutePath())
        .redirectErrorStream(true).redirectOutput(state.resolve("sandbox.log").toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(state.resolve("sandbox.env")) || !process.isAlive());
      assertThat(process.isAlive()).as("sandbox running (see %s)", state.resolve("sandbox.log")).isTrue();
      return new SandboxProcess(process, state);
    } catch (RuntimeException | Error | IOException e) {
      stop(process);
      throw e;
    }
  }

  /** sandbox.env: endpoints, the kubeconfig, the CA files (no secrets). */
  Map<String, String> env() {
    return env;
  }

  /** The demo identities' secrets (operator, EKM connector, SQL login). */
  Map<String, String> secrets() {
    return secrets;
  }

  Path kubeconfig() {
    return Path.of(env.get("KUBECONFIG"));
  }

  /** What the operator needs from sandbox.env, as a Deployment would set it. */
  Map<String, String> operatorEnv() {
    Map<String, String> operator = new HashMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith("KEYROTATION_") || k.equals("AZURE_AUTHORITY_HOST")) {
        operator.put(k, v);
      }
    });
    return operator;
  }

  /** The primary vault's name (the EKM credential's identity), as the sandbox logs it. */
  String primaryVaultName() {
    try {
      Matcher m = Pattern.compile("Key Vault \\(primary\\): .*name=(\\S+)").matcher(Files.readString(state.resolve("sandbox.log")));
      assertThat(m.find()).as("the primary vault's name in the sandbox log").isTrue();
      return m.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop(process);
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, String> readEnv(Path file) throws IOException {
    Map<String, String> values = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return values;
  }
}

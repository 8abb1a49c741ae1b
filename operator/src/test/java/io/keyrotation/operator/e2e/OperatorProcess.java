package io.keyrotation.operator.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator as its own process, as deployed: {@code java -cp <this JVM's classpath> OperatorMain} with a kubeconfig
 * and the environment variables of production. Always stopped: by {@link #close()}, else by a shutdown hook.
 */
public final class OperatorProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final int httpPort;
  private final Thread killOnExit;

  private OperatorProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
    this.killOnExit = new Thread(this::kill, "kill-operator-process");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  public static OperatorProcess start(Path kubeconfig, Path log, Map<String, String> environment) {
    int port = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java));
    command.addAll(extraJvmOptions());
    command.addAll(List.of("-cp", classpath(), "io.keyrotation.operator.OperatorMain"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("KEYROTATION_") || k.startsWith("KUBERNETES_") || k.equals("POD_NAMESPACE"));
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("KEYROTATION_HTTP_PORT", String.valueOf(port));
    env.putAll(environment);
    try {
      Files.createDirectories(log.getParent());
      return new OperatorProcess(builder.start(), log, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code once the process has ended, else empty. */
  java.util.OptionalInt exitCode() {
    return process.isAlive() ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(process.exitValue());
  }

  /** GET /readyz of the operator's health server; false while it is not up. */
  public boolean isReady() {
    try {
      HttpResponse<Void> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
              .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** GET /metrics of the operator's HTTP port, as Prometheus scrapes it. */
  public String metrics() {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
              .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("/metrics answered " + response.statusCode());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  List<String> logLines() {
    return log().lines().toList();
  }

  /** The process, for tools that attach to it (jcmd) and for its CPU time. */
  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** SIGTERM only, as Kubernetes sends it; the exit code once the process has ended by itself, else empty. */
  java.util.OptionalInt terminate(Duration patience) {
    process.destroy();
    try {
      return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)
          ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.OptionalInt.empty();
    }
  }

  /** SIGKILL, as when a node dies or the kernel's OOM killer strikes: no shutdown hook, the Lease is not released. */
  void killAbruptly() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM, then SIGKILL if the process has not exited after 10 s. */
  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down
    }
  }

  private void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The image's classpath where the benchmarks give it ({@code operator.process.classpath}: the operator's classes and
   * its runtime dependencies), else this JVM's (tests: the same classes, plus the test-scoped jars).
   */
  private static String classpath() {
    String image = System.getProperty("operator.process.classpath");
    return image == null || image.isBlank() ? System.getProperty("java.class.path") : image;
  }

  /**
   * Extra JVM options for the operator process, for profiling a benchmark (e.g. Java Flight Recorder):
   * {@code OPERATOR_JVM_OPTIONS="-XX:StartFlightRecording=filename=/tmp/op.jfr" make bench}. Split on spaces.
   */
  private static List<String> extraJvmOptions() {
    String options = System.getenv("OPERATOR_JVM_OPTIONS");
    return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.keyrotation.sandbox.blob;

import io.keyrotation.sandbox.aad.SandboxTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azurite's Blob service (Microsoft's Azure Storage emulator, pinned in {@code sandbox/azurite/package.json})
 * as a child process: in memory, telemetry off, on a free port, HTTPS with the sandbox certificate, and
 * {@code --oauth basic} so that it takes the Azure AD stand-in's bearer tokens (it checks their issuer,
 * audience and lifetime, not their signature). The account is Azurite's well-known {@code devstoreaccount1},
 * addressed path-style: {@code https://127.0.0.1:<port>/devstoreaccount1/<container>}.
 *
 * <p>Closing stops the process and everything it started; a shutdown hook does the same if the JVM ends
 * first, so no test or demo leaves an Azurite behind.
 */
public final class AzuriteBlobService implements AutoCloseable {
  public static final String ACCOUNT = "devstoreaccount1";
  private static final Pattern LISTENING = Pattern.compile("successfully listens on (https?://[^\\s]+)");
  private static final long START_TIMEOUT_SECONDS = 60;

  private final Process process;
  private final URI endpoint;
  private final Thread shutdownHook;

  private AzuriteBlobService(Process process, URI endpoint, Thread shutdownHook) {
    this.process = process;
    this.endpoint = endpoint;
    this.shutdownHook = shutdownHook;
  }

  /** Starts Azurite serving HTTPS with {@code tls}'s certificate; its key is written into {@code workDir} (mode 600). */
  public static AzuriteBlobService start(SandboxTls tls, Path workDir) {
    try {
      Files.createDirectories(workDir);
      Path cert = tls.writeCertificatePem(workDir.resolve("azurite-cert.pem"));
      Path key = tls.writeServerKeyPem(workDir.resolve("azurite-key.pem"));
      Path location = Files.createDirectories(workDir.resolve("azurite-workspace"));
      ProcessBuilder builder = new ProcessBuilder(List.of("node", AzuriteInstallation.blobMain().toString(),
          "--blobHost", "127.0.0.1", "--blobPort", "0", "--inMemoryPersistence", "--extentMemoryLimit", "256",
          "--disableTelemetry", "--silent",
          "--cert", cert.toString(), "--key", key.toString(), "--oauth", "basic"))
          .directory(location.toFile())
          .redirectErrorStream(true);
      Process process = builder.start();
      Thread hook = new Thread(() -> stop(process), "azurite-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        URI endpoint = awaitEndpoint(process);
        return new AzuriteBlobService(process, endpoint, hook);
      } catch (RuntimeException e) {
        stop(process);
        Runtime.getRuntime().removeShutdownHook(hook);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Azurite (is Node.js 20 installed and `make test` run once?)", e);
    }
  }

  private static URI awaitEndpoint(Process process) {
    CompletableFuture<URI> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = lines.readLine()) != null) {
          Matcher matcher = LISTENING.matcher(line);
          if (matcher.find()) {
            listening.complete(URI.create(matcher.group(1)));
          } else if (!listening.isDone() && seen.length() < 4000) {
            seen.append(line).append('\n');
          }
        }
        listening.completeExceptionally(new IllegalStateException("Azurite ended before listening:\n" + seen));
      } catch (IOException e) {
        listening.completeExceptionally(e);
      }
    }, "azurite-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return listening.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Azurite did not start: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Azurite did not report its port within " + START_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while Azurite started", e);
    }
  }

  /** The Blob endpoint, e.g. {@code https://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The account URL, path-style, as a client addresses it: {@code https://127.0.0.1:<port>/devstoreaccount1}. */
  public URI accountUrl() {
    return URI.create(endpoint.toString().replaceAll("/+$", "") + "/" + ACCOUNT);
  }

  public URI containerUrl(String container) {
    return URI.create(accountUrl() + "/" + container);
  }

  /**
   * Creates a container as its owner would (the operator never creates one), with a bearer token for
   * {@code https://storage.azure.com}; {@code client} must trust the sandbox certificate.
   */
  public URI createContainer(String name, String bearerToken, java.net.http.HttpClient client) {
    URI container = containerUrl(name);
    try {
      var response = client.send(java.net.http.HttpRequest.newBuilder(URI.create(container + "?restype=container"))
              .header("Authorization", "Bearer " + bearerToken)
              .header("x-ms-version", "2021-12-02")
              .PUT(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201 && response.statusCode() != 409) {
        throw new IllegalStateException("Azurite refused to create container " + name + ": HTTP " + response.statusCode());
      }
      return container;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  @Override
  public void close() {
    stop(process);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: it stops the same process
    }
  }

  private static void stop(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}

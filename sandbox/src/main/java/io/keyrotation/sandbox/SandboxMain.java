package io.keyrotation.sandbox;

import io.keyrotation.sandbox.blob.AzuriteBlobService;
import io.keyrotation.sandbox.ekm.LinkedSqlServerDemo;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts every stand-in in one process and keeps them running until the process is stopped (SIGTERM, Ctrl-C).
 *
 * <p>Usage: {@code java -jar keyrotation-sandbox.jar --state-dir=DIR [--kubernetes-port=PORT] [--sqlserver-port=PORT]
 * [--crds=DIR]}. Into {@code DIR} it writes {@code kubeconfig}, the sandbox CA, the files holding the demo's secrets
 * (mode 600) and, once everything is up, {@code sandbox.env}: one {@code NAME=value} line per endpoint, no secrets,
 * the environment the operator needs to reach the stand-ins. Scripts wait for that file.
 *
 * <p>To add a stand-in: start it in {@link #startAll}, register it with {@code running.push(..)} so it is closed, and
 * {@code env.put(..)} its endpoint.
 */
public final class SandboxMain {

  private final Map<String, String> options;
  private final Deque<AutoCloseable> running = new ArrayDeque<>();
  private final Map<String, String> env = new LinkedHashMap<>();

  private SandboxMain(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "sandbox-logback.xml");
    }
    SandboxMain sandbox = new SandboxMain(parse(args));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sandbox.closeAll();
      stopped.countDown();
    }, "sandbox-shutdown"));
    try {
      sandbox.startAll();
    } catch (RuntimeException | IOException e) {
      System.err.println("sandbox failed to start: " + e);
      System.exit(1);
    }
    stopped.await();
  }

  private void startAll() throws IOException {
    Path stateDir = Path.of(options.getOrDefault("state-dir", ".sandbox"));
    Files.createDirectories(stateDir);
    Files.deleteIfExists(stateDir.resolve("sandbox.env"));

    KubernetesStandIn kubernetes = KubernetesStandIn.start(Integer.parseInt(options.getOrDefault("kubernetes-port", "0")));
    running.push(kubernetes);
    Path kubeconfig = kubernetes.writeKubeconfig(stateDir.resolve("kubeconfig").toAbsolutePath());
    if (options.containsKey("crds")) {
      kubernetes.applyCrds(Path.of(options.get("crds")));
    }
    env.put("KUBECONFIG", kubeconfig.toString());
    System.out.println("kubernetes API stand-in on " + kubernetes.url() + ", kubeconfig " + kubeconfig);

    KeyVaultDemo keyVault = KeyVaultDemo.start(stateDir.toAbsolutePath());
    running.push(keyVault);
    env.put("AZURE_AUTHORITY_HOST", keyVault.aad().authorityHost().toString());
    env.put("KEYROTATION_EXTRA_CA_FILE", keyVault.caFile().toAbsolutePath().toString());
    env.put("KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "true");
    env.put("KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY", "true");
    env.put("KEYVAULT_PRIMARY_URL", keyVault.primary().vaultUrl().toString());
    env.put("KEYVAULT_STANDBY_URL", keyVault.standby().vaultUrl().toString());
    System.out.println(keyVault.describe());

    LinkedSqlServerDemo sqlServer = LinkedSqlServerDemo.start(keyVault, stateDir.toAbsolutePath(),
        Integer.parseInt(options.getOrDefault("sqlserver-port", "0")));
    running.push(sqlServer);
    env.put("SQLSERVER_HOST", sqlServer.host());
    env.put("SQLSERVER_PORT", Integer.toString(sqlServer.port()));
    env.put("SQLSERVER_CA_FILE", sqlServer.caFile().toString()); // TLS is forced; trust this CA (tls.caCertificateRef)
    System.out.println(sqlServer.describe());

    AzuriteBlobService azurite = AzuriteBlobService.start(keyVault.tls(), stateDir.toAbsolutePath().resolve("blob"));
    running.push(azurite);
    env.put("BLOB_ACCOUNT_URL", azurite.accountUrl().toString());
    java.time.Instant now = java.time.Instant.now();
    String ownerToken = keyVault.aad().tokens().issue(KeyVaultDemo.TENANT_ID, KeyVaultDemo.OPERATOR_CLIENT_ID,
        "https://storage.azure.com", now, now.plusSeconds(300));
    env.put("BLOB_CONTAINER_URL", azurite.createContainer("key-backups", ownerToken,
        java.net.http.HttpClient.newBuilder().sslContext(keyVault.tls().clientContext()).build()).toString());
    env.put("KEYVAULT_SUBSCRIPTION_ID", KeyVaultDemo.SUBSCRIPTION_ID);
    System.out.println("Azurite Blob service (pid " + azurite.pid() + ") on " + azurite.accountUrl());

    // further stand-ins (Microsoft Graph) start here, each pushed onto `running` and put into `env`

    StringBuilder lines = new StringBuilder();
    env.forEach((name, value) -> lines.append(name).append('=').append(value).append('\n'));
    Path envFile = stateDir.resolve("sandbox.env");
    Path temporary = stateDir.resolve("sandbox.env.tmp");
    Files.writeString(temporary, lines);
    Files.move(temporary, envFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.out.println("sandbox ready: " + envFile.toAbsolutePath() + " (pid " + ProcessHandle.current().pid() + ")");
  }

  private void closeAll() {
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        System.err.println("error while stopping a stand-in: " + e);
      }
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    return options;
  }
}

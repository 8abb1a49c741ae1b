package io.keyrotation.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.mockwebserver.MockWebServer;
import io.keyrotation.sandbox.kubernetes.rbac.RbacAuthorizer;
import io.keyrotation.sandbox.kubernetes.rbac.ServiceAccount;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A Kubernetes API server stand-in on a localhost port (plain HTTP), built on fabric8's mock server in CRUD mode plus
 * the shims of this package. Unmodified clients (fabric8, JOSDK, kubectl) talk to it through {@link #client()} or a
 * kubeconfig from {@link #writeKubeconfig(Path)}.
 */
public final class KubernetesStandIn implements AutoCloseable {

  /** Kept strongly reachable: java.util.logging forgets the level of a logger nobody references. */
  private static final Logger MOCK_SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());

  public static final String CONTEXT = "keyrotation-sandbox";
  public static final String DEFAULT_NAMESPACE = "default";
  /** The bearer token of the sandbox's admin (full access, like a cluster-admin's kubeconfig). */
  static final String ADMIN_TOKEN = "sandbox";

  private final MockWebServer server;
  private final RequestQueueDrain drain;
  private final KubernetesClient client;
  private final RbacAuthorizer authorizer;
  private final ApiFaults faults;

  private KubernetesStandIn(int port) {
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
    server = new MockWebServer();
    KubernetesApiDispatcher dispatcher = new KubernetesApiDispatcher();
    authorizer = dispatcher.authorizer();
    faults = dispatcher.faults();
    server.setDispatcher(dispatcher);
    server.start(InetAddress.getLoopbackAddress(), port);
    drain = new RequestQueueDrain(server);
    client = new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** Starts on a free port. */
  public static KubernetesStandIn start() {
    return start(0);
  }

  public static KubernetesStandIn start(int port) {
    return new KubernetesStandIn(port);
  }

  public int port() {
    return server.getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /**
   * A client configuration for this stand-in only (ignores the environment's kubeconfig). {@code Config.empty()} has
   * no request timeout, so one request the mock server never answered (seen under load, about once in a few hundred
   * test classes) hung a whole test run: set the client defaults' timeouts and retries, and HTTP/1.1 as the mock
   * server speaks it.
   */
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withNamespace(DEFAULT_NAMESPACE)
        .withOauthToken(ADMIN_TOKEN)
        .withConnectionTimeout(10_000)
        .withRequestTimeout(30_000)
        .withRequestRetryBackoffLimit(3)
        .withRequestRetryBackoffInterval(500)
        .withHttp2Disable(true)
        .build();
  }

  /**
   * A client configuration that authenticates as a ServiceAccount ({@code system:serviceaccount:<ns>:<name>}) with a
   * token the stand-in issues: its requests are allowed only as the stored Roles and ClusterRoles bound to it allow.
   */
  public Config serviceAccountConfig(String namespace, String name) {
    return new ConfigBuilder(config()).withNamespace(namespace)
        .withOauthToken(authorizer.issueToken(new ServiceAccount(namespace, name))).build();
  }

  /** Every request refused with 403 so far, with the caller and what it asked. */
  public List<RbacAuthorizer.Refusal> refusals() {
    return authorizer.refusals();
  }

  /** Faults a test injects: 409 on status writes, failing writes, the whole API server unavailable. */
  public ApiFaults faults() {
    return faults;
  }

  /** A shared client, closed with the stand-in. */
  public KubernetesClient client() {
    return client;
  }

  /** Writes a kubeconfig whose current context points at this stand-in, and returns its path. */
  public Path writeKubeconfig(Path file) {
    String kubeconfig = String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: " + CONTEXT,
        "  cluster:",
        "    server: " + url(),
        "contexts:",
        "- name: " + CONTEXT,
        "  context:",
        "    cluster: " + CONTEXT,
        "    namespace: " + DEFAULT_NAMESPACE,
        "    user: sandbox-admin",
        "current-context: " + CONTEXT,
        "users:",
        "- name: sandbox-admin",
        "  user:",
        "    token: " + ADMIN_TOKEN,
        "");
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, kubeconfig);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates or updates every CustomResourceDefinition in the YAML files of a directory (as kubectl apply -f dir). */
  public List<HasMetadata> applyCrds(Path crdDir) {
    try (Stream<Path> files = Files.list(crdDir)) {
      return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .flatMap(f -> load(f).stream())
          .map(crd -> client.resource(crd).createOr(NonDeletingOperation::update))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<HasMetadata> load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return client.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    client.close();
    drain.close();
    server.shutdown();
  }
}

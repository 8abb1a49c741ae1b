package io.keyrotation.operator.soak;

import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.storage.blob.BlobContainerClientBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyrotation.operator.config.OperatorConfig;
import io.keyrotation.operator.testing.ArchiveAudit;
import io.keyrotation.operator.testing.KeySafetyInvariants;
import io.keyrotation.operator.testing.OperatorHarness;
import io.keyrotation.sandbox.blob.AzuriteBlobService;
import io.keyrotation.sandbox.ekm.KeyVaultEkmDirectory;
import io.keyrotation.sandbox.graph.GraphPermission;
import io.keyrotation.sandbox.graph.GraphStandIn;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import io.keyrotation.sandbox.sqlserver.engine.AvailabilityGroup;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a soak run touches, as stand-ins over real sockets: Azure AD and two Key Vaults in one
 * geography (the sandbox's demo pair), Microsoft Graph, Azurite, two SQL Server instances in an
 * availability group over Sales and Inventory, and the Kubernetes API with deploy/'s RBAC
 * ({@link OperatorHarness}; its JOSDK operator is stopped at once, the soak drives the reconcilers
 * itself, see {@link DrivenOperator}).
 */
final class SoakWorld implements AutoCloseable {
  static final String NS = "soak";
  static final String SQL_LOGIN = "keyrotation";
  static final String SQL_PASSWORD = "Op3rator!Passw0rd-soak";

  final KeyVaultDemo keyVault;
  final GraphStandIn graph;
  final AzuriteBlobService azurite;
  final List<SqlServerStandIn> sql = new ArrayList<>();
  final OperatorHarness harness;
  final URI container;
  private final Map<String, String> env;
  private final Map<String, String> operatorEnv = new LinkedHashMap<>();

  SoakWorld() {
    long started = System.nanoTime();
    try {
      Path dir = Files.createTempDirectory("soak-world");
      keyVault = KeyVaultDemo.start(dir);
      env = readEnv(keyVault.envFile());
      graph = GraphStandIn.start(keyVault.tls(), keyVault.aad());
      graph.access().grant(KeyVaultDemo.OPERATOR_CLIENT_ID, GraphPermission.APPLICATION_READ_WRITE_OWNED_BY);
      graph.access().addOwner(KeyVaultDemo.EKM_CLIENT_ID, KeyVaultDemo.OPERATOR_CLIENT_ID);
      // The standby is where a failover goes: the connector may use it as it uses the primary.
      keyVault.standby().grant(KeyVaultDemo.EKM_CLIENT_ID, KeyPermission.GET, KeyPermission.LIST, KeyPermission.WRAP_KEY,
          KeyPermission.UNWRAP_KEY);
      azurite = AzuriteBlobService.start(keyVault.tls(), dir);
      startAvailabilityGroup();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SqlServerError e) {
      throw new IllegalStateException(e);
    }
    for (String key : List.of("AZURE_AUTHORITY_HOST", "KEYROTATION_EXTRA_CA_FILE",
        "KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY")) {
      operatorEnv.put(key, env.get(key));
    }
    operatorEnv.put("KEYROTATION_GRAPH_ENDPOINT", graph.endpoint().toString());
    operatorEnv.put("KEYROTATION_LEADER_ELECTION", "false");
    harness = OperatorHarness.start(operatorEnv);
    harness.stopOperator();
    container = newContainer("soak-backups");
    seedKubernetes();
    System.out.println("soak world started in " + (System.nanoTime() - started) / 1_000_000 + " ms");
  }

  /** sql-0 the primary of group "ag" over both databases, sql-1 its secondary; the operator's CONTROL on both. */
  private void startAvailabilityGroup() throws SqlServerError, IOException {
    var vaults = new KeyVaultEkmDirectory(keyVault.vaults());
    for (int i = 0; i < 2; i++) {
      var settings = new SqlServerDemo.Settings("sql-" + i, keyVault.primary().name(), KeyVaultDemo.FIRST_KEY,
          KeyVaultDemo.EKM_CLIENT_ID, keyVault.ekmClientSecret(), SQL_LOGIN, SQL_PASSWORD);
      var instance = i > 0
          ? SqlServerDemo.createSecondaryReplica(vaults, settings, Clock.systemUTC(), SqlServerDemo.OperatorCredential.NONE)
          : SqlServerDemo.createInstance(vaults, settings, Clock.systemUTC(), SqlServerDemo.OperatorCredential.NONE);
      sql.add(SqlServerStandIn.start(instance, SqlServerStandIn.Options.withTls(keyVault.tls())));
    }
    AvailabilityGroup.create("ag", sql.get(0).instance(), List.of(sql.get(1).instance()),
        SqlServerDemo.DATABASES.toArray(String[]::new));
    for (String database : SqlServerDemo.DATABASES) {
      sql.get(1).instance().grant(SQL_LOGIN, "CONTROL ON DATABASE::" + database);
    }
  }

  private URI newContainer(String name) {
    URI url = azurite.containerUrl(name);
    var http = new com.azure.core.http.netty.NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
        .secure(spec -> spec.sslContext(sslContext()))).build();
    new BlobContainerClientBuilder().endpoint(url.toString()).httpClient(http)
        .credential(new ClientSecretCredentialBuilder().authorityHost(keyVault.aad().authorityHost().toString())
            .tenantId(KeyVaultDemo.TENANT_ID).clientId(KeyVaultDemo.OPERATOR_CLIENT_ID).clientSecret(operatorSecret())
            .disableInstanceDiscovery().httpClient(http).build())
        .buildClient().create();
    return url;
  }

  private io.netty.handler.ssl.SslContext sslContext() {
    try {
      return io.netty.handler.ssl.SslContextBuilder.forClient().trustManager(keyVault.tls().certificate()).build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void seedKubernetes() {
    KubernetesClient user = user();
    user.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    secret("operator-azure", Map.of("tenantId", KeyVaultDemo.TENANT_ID, "clientId", KeyVaultDemo.OPERATOR_CLIENT_ID,
        "clientSecret", operatorSecret()));
    secret("ekm-connector", Map.of("tenantId", KeyVaultDemo.TENANT_ID, "clientId", KeyVaultDemo.EKM_CLIENT_ID,
        "clientSecret", keyVault.ekmClientSecret()));
    secret("sql-login", Map.of("username", SQL_LOGIN, "password", SQL_PASSWORD));
    try {
      user.resource(new ConfigMapBuilder().withNewMetadata().withName("sql-ca").withNamespace(NS).endMetadata()
          .withData(Map.of("ca.crt", Files.readString(keyVault.caFile()))).build()).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void secret(String name, Map<String, String> values) {
    user().resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withStringData(values).build()).create();
  }

  /** The user's (admin) client, as kubectl. */
  KubernetesClient user() {
    return harness.user();
  }

  /** The operator's client: deploy/'s ServiceAccount under deploy/'s RBAC, audited. */
  KubernetesClient operatorClient() {
    return harness.operatorClient().client();
  }

  OperatorConfig operatorConfig() {
    return OperatorConfig.fromEnvironment(operatorEnv);
  }

  String operatorSecret() {
    return env.get("AZURE_CLIENT_SECRET");
  }

  KeyVaultStandIn primary() {
    return keyVault.primary();
  }

  KeyVaultStandIn standby() {
    return keyVault.standby();
  }

  KeySafetyInvariants invariants() {
    return new KeySafetyInvariants(sql.stream().map(SqlServerStandIn::instance).toList(), keyVault.vaults(),
        keyVault.aad().registry(), user(), new ArchiveAudit(keyVault.tls(), keyVault.aad().tokens()));
  }

  /** Every database on every instance that is not ONLINE with its DEK encrypted (state 3), as "sql-0/Sales: ...". */
  List<String> unreadableDatabases() {
    List<String> unreadable = new ArrayList<>();
    for (SqlServerStandIn server : sql) {
      var instance = server.instance();
      for (String database : SqlServerDemo.DATABASES) {
        String state = instance.databaseState(database);
        int encryption = instance.database(database).encryptionState();
        if (!"ONLINE".equals(state) || encryption != 3) {
          unreadable.add(instance.name() + "/" + database + ": " + state + ", encryption_state " + encryption);
        }
      }
    }
    return unreadable;
  }

  @Override
  public void close() {
    try {
      harness.close();
    } finally {
      sql.forEach(SqlServerStandIn::close);
      try {
        azurite.close();
      } finally {
        graph.close();
        keyVault.close();
      }
    }
  }

  private static Map<String, String> readEnv(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return values;
  }
}

package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyrotation.operator.config.OperatorConfig;
import io.keyrotation.sandbox.aad.AzureAdStandIn.TokenRequest;
import io.keyrotation.sandbox.ekm.KeyVaultEkmDirectory;
import io.keyrotation.sandbox.graph.GraphOperation;
import io.keyrotation.sandbox.graph.GraphPermission;
import io.keyrotation.sandbox.graph.GraphStandIn;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.RecordedRequest;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import io.keyrotation.sandbox.sqlserver.tds.ClientLogin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two replicas started at once, both signing in to SQL Server with the same SQL login and to Azure as the same
 * application, as the custom resources' Secrets make them. What tells them apart is what a DBA and an Azure admin see:
 * the session's {@code host_name()} (the workstation id) at SQL Server, the User-Agent at Graph, Azure AD and Key
 * Vault. A TdeKeyPolicy (SQL Server, Key Vault) and a ServicePrincipalRotation (Graph, Azure AD, Key Vault) run while
 * one replica leads: every call names the Lease holder, none the standby; after the leader is killed, the standby
 * takes the Lease and from then on every call names it.
 */
class OnlyTheLeaderTalksToSqlServerAndGraphTest {
  static final String NAMESPACE = "keyrotation-system";
  static final String NS = "replicas";
  static final Duration PATIENCE = Duration.ofMinutes(3);
  static final String POD_A = "keyrotation-operator-7c5d9-a";
  static final String POD_B = "keyrotation-operator-7c5d9-b";
  static final String ROTATED_APP = "5e7c0000-0000-4000-8000-00000000e003";
  static final String SQL_LOGIN = "keyrotation";
  static final String SQL_PASSWORD = "Op3rator!Passw0rd-replicas";
  private static final Pattern INSTANCE = Pattern.compile("^keyrotation-operator \\(instance ([^)]+)\\)");

  @Test
  void onlyTheLeaseHolderConnectsToSqlServerAndCallsGraphAndTheStandbyTakesOverWhenItDies() throws Exception {
    Path dir = Path.of("target", "e2e-only-leader-sql-graph").toAbsolutePath();
    Files.createDirectories(dir);
    try (KeyVaultDemo azure = KeyVaultDemo.start(Files.createTempDirectory("replicas-azure"));
         GraphStandIn graph = GraphStandIn.start(azure.tls(), azure.aad());
         SqlServerStandIn sql = startSqlServer(azure);
         KubernetesStandIn kubernetes = KubernetesStandIn.start()) {
      kubernetes.applyCrds(Path.of("../crds"));
      Map<String, String> azureEnv = readEnv(azure.envFile());
      String rotatedSecret = registerRotatedApp(azure, graph);
      KubernetesClient user = kubernetes.client();
      createUserObjects(user, azure, azureEnv.get("AZURE_CLIENT_SECRET"), rotatedSecret);
      Path kubeconfig = kubernetes.writeKubeconfig(dir.resolve("kubeconfig"));

      try (OperatorProcess a = replica(kubeconfig, dir, POD_A, azureEnv, graph);
           OperatorProcess b = replica(kubeconfig, dir, POD_B, azureEnv, graph)) {
        Lease held = await().atMost(PATIENCE).until(() -> lease(user), l -> l != null && l.getSpec().getHolderIdentity() != null);
        String leaderPod = held.getSpec().getHolderIdentity();
        assertThat(leaderPod).as("the Lease holder is a replica's POD_NAME").isIn(POD_A, POD_B);
        String standbyPod = leaderPod.equals(POD_A) ? POD_B : POD_A;
        OperatorProcess leader = leaderPod.equals(POD_A) ? a : b;

        apply(user, tdeKeyPolicy(azure, sql));
        apply(user, secretRotation(azure));
        await().atMost(PATIENCE).until(() -> readyReason(get(user, "TdeKeyPolicy")), "KeyActive"::equals);
        annotate(user, "TdeKeyPolicy", "first");
        await().atMost(PATIENCE).until(() -> get(user, "TdeKeyPolicy"), rotated("first"));
        // due at once (the secret expires in ten days): done once the old secret is removed
        await().atMost(PATIENCE).until(() -> graph.count(GraphOperation.REMOVE_PASSWORD) == 1
            && isEmpty(get(user, "ServicePrincipalRotation"), "status", "rotation"));

        assertOnlyCaller(leaderPod, standbyPod, sql, graph, azure);

        leader.killAbruptly();
        await().atMost(PATIENCE).until(() -> lease(user), l -> standbyPod.equals(l.getSpec().getHolderIdentity()));
        sql.clearLogins();
        graph.clearRequests();
        azure.aad().clearTokenRequests();
        azure.vaults().all().forEach(KeyVaultStandIn::clearRequests);
        annotate(user, "TdeKeyPolicy", "second");
        annotate(user, "ServicePrincipalRotation", "second");
        await().atMost(PATIENCE).until(() -> get(user, "TdeKeyPolicy"), rotated("second"));
        await().atMost(PATIENCE).until(() -> get(user, "ServicePrincipalRotation"), rotated("second"));

        assertOnlyCaller(standbyPod, leaderPod, sql, graph, azure);
        assertThat(leader.isAlive()).isFalse();
        assertThat(a.log() + b.log()).doesNotContain(rotatedSecret).doesNotContain(SQL_PASSWORD)
            .doesNotContain(azureEnv.get("AZURE_CLIENT_SECRET"));
      }
    }
  }

  /** Every SQL Server session, Graph, token and (operator) Key Vault request since the last clearing names {@code caller}. */
  private static void assertOnlyCaller(String caller, String other, SqlServerStandIn sql, GraphStandIn graph, KeyVaultDemo azure) {
    List<ClientLogin> logins = sql.logins();
    assertThat(logins).as("SQL Server sessions").isNotEmpty()
        .allSatisfy(l -> assertThat(l.programName()).isEqualTo("keyrotation-operator"));
    assertThat(logins.stream().map(ClientLogin::hostName).collect(Collectors.toSet()))
        .as("host_name() of the SQL Server sessions while %s leads", caller).containsExactly(caller).doesNotContain(other);
    assertThat(instances(graph.requests().stream().map(GraphStandIn.Request::userAgent)))
        .as("replicas calling Graph while %s leads", caller).containsExactly(caller);
    assertThat(instances(azure.aad().tokenRequests().stream().map(TokenRequest::userAgent)))
        .as("replicas asking Azure AD for tokens while %s leads", caller).containsExactly(caller);
    // SQL Server's own connector calls the vault too (method EKM); those are not the operator's.
    assertThat(instances(azure.vaults().all().stream().flatMap(v -> v.requests().stream())
        .filter(r -> !"EKM".equals(r.method())).map(RecordedRequest::userAgent)))
        .as("replicas calling Key Vault while %s leads", caller).containsExactly(caller);
  }

  /** The replica each User-Agent names; {@code <unnamed>} for a request that names none. */
  private static Set<String> instances(Stream<String> userAgents) {
    return userAgents.map(agent -> {
      Matcher m = INSTANCE.matcher(agent == null ? "" : agent);
      return m.find() ? m.group(1) : "<unnamed>";
    }).collect(Collectors.toSet());
  }

  private static SqlServerStandIn startSqlServer(KeyVaultDemo azure) throws Exception {
    var settings = new SqlServerDemo.Settings("sql-0", azure.primary().name(), KeyVaultDemo.FIRST_KEY,
        KeyVaultDemo.EKM_CLIENT_ID, azure.ekmClientSecret(), SQL_LOGIN, SQL_PASSWORD);
    var instance = SqlServerDemo.createInstance(new KeyVaultEkmDirectory(azure.vaults()), settings, Clock.systemUTC(),
        SqlServerDemo.OperatorCredential.NONE);
    return SqlServerStandIn.start(instance, SqlServerStandIn.Options.withTls(azure.tls()));
  }

  /** An application of its own whose secret expires in ten days (rotation is due), owned by the operator's. */
  private static String registerRotatedApp(KeyVaultDemo azure, GraphStandIn graph) {
    String secret = azure.aad().registry().registerApp(KeyVaultDemo.TENANT_ID, ROTATED_APP, "replicas-app",
        Instant.now().plus(Duration.ofDays(10))).secretText();
    graph.access().grant(KeyVaultDemo.OPERATOR_CLIENT_ID, GraphPermission.APPLICATION_READ_WRITE_OWNED_BY);
    graph.access().addOwner(ROTATED_APP, KeyVaultDemo.OPERATOR_CLIENT_ID);
    azure.primary().grant(ROTATED_APP, KeyPermission.GET, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY);
    return secret;
  }

  private static void createUserObjects(KubernetesClient user, KeyVaultDemo azure, String operatorSecret, String rotatedSecret)
      throws IOException {
    user.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    secret(user, "operator-azure", Map.of("tenantId", KeyVaultDemo.TENANT_ID, "clientId", KeyVaultDemo.OPERATOR_CLIENT_ID,
        "clientSecret", operatorSecret));
    secret(user, "ekm-connector", Map.of("tenantId", KeyVaultDemo.TENANT_ID, "clientId", KeyVaultDemo.EKM_CLIENT_ID,
        "clientSecret", azure.ekmClientSecret()));
    secret(user, "sql-login", Map.of("username", SQL_LOGIN, "password", SQL_PASSWORD));
    secret(user, "replicas-app", Map.of("clientId", ROTATED_APP, "clientSecret", rotatedSecret));
    user.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
        .withName("sql-ca").endMetadata().addToData("ca.crt", Files.readString(azure.caFile())).build()).create();
  }

  private static void secret(KubernetesClient user, String name, Map<String, String> values) {
    user.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
        .withStringData(values).build()).create();
  }

  private static String tdeKeyPolicy(KeyVaultDemo azure, SqlServerStandIn sql) {
    return """
        apiVersion: keyrotation.io/v1alpha1
        kind: TdeKeyPolicy
        metadata: {name: replicas, namespace: %s}
        spec:
          vault: {url: "%s", region: westeurope}
          key: {namePrefix: sqltde, currentKeyName: %s}
          rotation: {interval: P365D}
          sqlServer:
            instances:
              - name: sql-0
                host: "%s"
                port: %d
                tls: {encrypt: Mandatory, caCertificateRef: {configMapName: sql-ca}}
                loginSecretRef: {name: sql-login}
          ekmCredential:
            identity: "%s"
            servicePrincipalSecretRef: {name: ekm-connector}
          azureCredentials:
            type: ClientSecret
            secretRef: {name: operator-azure}
        """.formatted(NS, vaultUrl(azure), KeyVaultDemo.FIRST_KEY, sql.host(), sql.port(), azure.primary().name());
  }

  private static String secretRotation(KeyVaultDemo azure) {
    return """
        apiVersion: keyrotation.io/v1alpha1
        kind: ServicePrincipalRotation
        metadata: {name: replicas, namespace: %s}
        spec:
          tenantId: %s
          application: {clientId: %s}
          rotateBefore: P30D
          secretLifetime: P365D
          gracePeriod: PT2S
          graphCredentials:
            type: ClientSecret
            secretRef: {name: operator-azure}
          verification: {vaultUrl: "%s", keyName: %s}
          targets:
            kubernetesSecrets:
              - {name: replicas-app, key: clientSecret}
        """.formatted(NS, KeyVaultDemo.TENANT_ID, ROTATED_APP, vaultUrl(azure), KeyVaultDemo.FIRST_KEY);
  }

  private static String vaultUrl(KeyVaultDemo azure) {
    return azure.primary().vaultUrl().toString().replaceAll("/+$", "");
  }

  private static OperatorProcess replica(Path kubeconfig, Path dir, String podName, Map<String, String> azureEnv,
                                         GraphStandIn graph) {
    Map<String, String> env = new HashMap<>();
    for (String key : List.of("AZURE_AUTHORITY_HOST", "KEYROTATION_EXTRA_CA_FILE",
        "KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY")) {
      env.put(key, azureEnv.get(key));
    }
    env.put("KEYROTATION_GRAPH_ENDPOINT", graph.endpoint().toString());
    env.put("POD_NAMESPACE", NAMESPACE);
    env.put("POD_NAME", podName);
    env.put("KEYROTATION_LEADER_ELECTION", "true");
    return OperatorProcess.start(kubeconfig, dir.resolve(podName + ".log"), env);
  }

  private static void apply(KubernetesClient user, String yaml) {
    user.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items().forEach(o -> user.resource(o).create());
  }

  private static void annotate(KubernetesClient user, String kind, String trigger) {
    user.genericKubernetesResources("keyrotation.io/v1alpha1", kind).inNamespace(NS).withName("replicas").edit(r -> {
      if (r.getMetadata().getAnnotations() == null) {
        r.getMetadata().setAnnotations(new HashMap<>());
      }
      r.getMetadata().getAnnotations().put("keyrotation.io/rotate-now", trigger);
      return r;
    });
  }

  /** The manual trigger handled and its rotation ended (a cleared status field may read back as an empty object). */
  private static Predicate<GenericKubernetesResource> rotated(String trigger) {
    return r -> trigger.equals(path(r, "status", "lastManualTrigger")) && isEmpty(r, "status", "rotation")
        && path(r, "status", "lastRotationTime") != null;
  }

  private static GenericKubernetesResource get(KubernetesClient user, String kind) {
    return user.genericKubernetesResources("keyrotation.io/v1alpha1", kind).inNamespace(NS).withName("replicas").get();
  }

  private static Lease lease(KubernetesClient user) {
    return user.leases().inNamespace(NAMESPACE).withName(OperatorConfig.LEASE_NAME).get();
  }

  private static String readyReason(GenericKubernetesResource r) {
    var ready = ReadyCondition.of(r);
    return ready == null ? null : ready.getReason();
  }

  private static boolean isEmpty(GenericKubernetesResource r, String... keys) {
    Object node = node(r, keys);
    return node == null || node instanceof Map<?, ?> map && map.isEmpty();
  }

  private static String path(GenericKubernetesResource r, String... keys) {
    Object node = node(r, keys);
    return node == null ? null : node.toString();
  }

  private static Object node(GenericKubernetesResource r, String... keys) {
    Object node = r == null ? null : r.getAdditionalProperties();
    for (String key : keys) {
      node = node instanceof Map<?, ?> map ? map.get(key) : null;
    }
    return node;
  }

  private static Map<String, String> readEnv(Path file) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }
}

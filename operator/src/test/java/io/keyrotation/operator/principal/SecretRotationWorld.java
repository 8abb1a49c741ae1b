package io.keyrotation.operator.principal;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.keyrotation.operator.KeyRotationOperator;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.config.OperatorConfig;
import io.keyrotation.operator.graph.GraphGateways;
import io.keyrotation.operator.graph.GraphSettings;
import io.keyrotation.operator.sqlserver.SqlServerGatewayFactory;
import io.keyrotation.operator.testing.KeySafetyInvariants;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.ekm.KeyVaultEkmDirectory;
import io.keyrotation.sandbox.graph.GraphPermission;
import io.keyrotation.sandbox.graph.GraphStandIn;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.SandboxVaults;
import io.keyrotation.sandbox.keyvault.VaultDefinition;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Everything a client secret rotation touches, as stand-ins over real sockets: Kubernetes, the
 * Azure AD token endpoint with its application registry, Microsoft Graph, a Key Vault with the
 * TDE key, and two SQL Server instances whose EKM provider signs in to that vault with the
 * application's secret. The operator runs in this JVM, wired as in production, configured with
 * the stand-ins' endpoints; {@link #restartOperator()} stops it and starts a new one.
 */
final class SecretRotationWorld implements AutoCloseable {
  static final String NAMESPACE = "tde-demo";
  static final String TENANT = "7a1b2c3d-0000-4000-8000-000000000001";
  static final String OPERATOR_APP = "0c0ffee0-0000-4000-8000-000000000001";
  static final String EKM_APP = "e5f6a7b8-0000-4000-8000-000000000002";
  static final String VAULT = "contoso-tde";
  static final String KEY = "tde-key-1";
  static final String SQL_PASSWORD = "Op3rator!Passw0rd";

  final SandboxTls tls = SandboxTls.generate();
  final AppRegistry registry;
  final AzureAdStandIn aad;
  final GraphStandIn graph;
  final SandboxVaults vaults;
  final KeyVaultStandIn vault;
  final List<SqlServerStandIn> sql = new ArrayList<>();
  final KubernetesStandIn kubernetes;
  final Path caFile;
  final String operatorSecret;
  final String firstEkmSecret;
  private final Map<String, String> environment;
  private final boolean ownsKubernetes;
  private Operator operator;

  SecretRotationWorld(Duration firstSecretLeft) throws Exception {
    this(firstSecretLeft, Duration.ZERO);
  }

  /** @param propagationDelay how long Azure AD takes to accept a new secret at its token endpoint */
  SecretRotationWorld(Duration firstSecretLeft, Duration propagationDelay) throws Exception {
    this(firstSecretLeft, propagationDelay, SecretRotationWorld::ownKubernetes, true);
  }

  /**
   * @param kubernetesFor the Kubernetes API to seed, given the configuration an operator needs to reach
   *     the other stand-ins (e.g. an {@code OperatorHarness}'s, whose operator runs under deploy/'s RBAC)
   * @param ownsKubernetes whether {@link #close()} stops it too
   */
  SecretRotationWorld(Duration firstSecretLeft, Duration propagationDelay,
      Function<Map<String, String>, KubernetesStandIn> kubernetesFor, boolean ownsKubernetes) throws Exception {
    registry = new AppRegistry(Clock.systemUTC(), propagationDelay);
    operatorSecret = registry.registerApp(TENANT, OPERATOR_APP, "keyrotation-operator", Instant.now().plus(Duration.ofDays(365))).secretText();
    firstEkmSecret = registry.registerApp(TENANT, EKM_APP, "sqlserver-ekm", Instant.now().minus(Duration.ofDays(300)),
        Instant.now().plus(firstSecretLeft)).secretText();
    aad = AzureAdStandIn.start(tls, registry);
    graph = GraphStandIn.start(tls, aad);
    graph.access().grant(OPERATOR_APP, GraphPermission.APPLICATION_READ_WRITE_OWNED_BY);
    graph.access().addOwner(EKM_APP, OPERATOR_APP);
    vaults = new SandboxVaults(aad, tls);
    vault = vaults.start(VaultDefinition.of(VAULT, "westeurope", "5e6f7a8b-0000-4000-8000-000000000001", TENANT));
    vault.grant(EKM_APP, KeyPermission.GET, KeyPermission.LIST, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY);
    vault.createKey(KEY, false, 2048, Map.of());
    for (String name : List.of("sql-0", "sql-1")) {
      SqlServerInstance instance = SqlServerDemo.createInstance(new KeyVaultEkmDirectory(vaults),
          new SqlServerDemo.Settings(name, VAULT, KEY, EKM_APP, firstEkmSecret, "keyrotation", SQL_PASSWORD), Clock.systemUTC());
      sql.add(SqlServerStandIn.start(instance, SqlServerStandIn.Options.withTls(tls)));
    }
    caFile = tls.writeCertificatePem(Files.createTempDirectory("spr-ca").resolve("ca.pem"));
    Map<String, String> endpoints = Map.of("AZURE_AUTHORITY_HOST", aad.authorityHost().toString(),
        "KEYROTATION_EXTRA_CA_FILE", caFile.toString(), "KEYROTATION_GRAPH_ENDPOINT", graph.endpoint().toString(),
        "KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "true", "KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY", "true");
    environment = new java.util.HashMap<>(endpoints);
    environment.putAll(Map.of("POD_NAMESPACE", "keyrotation-system", "KEYROTATION_HTTP_PORT", "0", "KEYROTATION_LEADER_ELECTION", "false"));
    this.ownsKubernetes = ownsKubernetes;
    kubernetes = kubernetesFor.apply(endpoints);
    seedKubernetes();
  }

  private static KubernetesStandIn ownKubernetes(Map<String, String> endpoints) {
    KubernetesStandIn kubernetes = KubernetesStandIn.start();
    kubernetes.applyCrds(Path.of("../crds"));
    return kubernetes;
  }

  private void seedKubernetes() {
    KubernetesClient user = user();
    user.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
    secret("graph-identity", Map.of("tenantId", TENANT, "clientId", OPERATOR_APP, "clientSecret", operatorSecret));
    secret("sql-operator-login", Map.of("username", "keyrotation", "password", SQL_PASSWORD));
    secret("ekm-service-principal", Map.of("clientId", EKM_APP, "clientSecret", firstEkmSecret));
    user.configMaps().inNamespace(NAMESPACE).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("sql-server-ca").endMetadata().addToData("ca.crt", tls.certificatePem()).build()).create();
  }

  void secret(String name, Map<String, String> values) {
    user().secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
        .withStringData(values).build()).create();
  }

  /** The key-safety promise over this world's stand-ins (not over status). */
  io.keyrotation.operator.testing.KeySafetyInvariants invariants() {
    return new io.keyrotation.operator.testing.KeySafetyInvariants(sql.stream().map(SqlServerStandIn::instance).toList(), vaults,
        registry, user(), new io.keyrotation.operator.testing.ArchiveAudit(tls, aad.tokens()));
  }

  KubernetesClient user() {
    return kubernetes.client();
  }

  /** The operator's configuration: the stand-ins' endpoints, as in production. */
  OperatorConfig operatorConfig() {
    return OperatorConfig.fromEnvironment(environment);
  }

  synchronized void startOperator() {
    OperatorConfig config = operatorConfig();
    SecretRotationServices services = new SecretRotationServices(new GraphGateways(GraphSettings.from(config).withMaxRetries(0)),
        new KeyVaultSecretVerifier(config.keyVaultSettings()), SqlServerGatewayFactory.mssqlJdbc(),
        (reason, attempts, now) -> now.plusMillis(500), Duration.ofMillis(300));
    // An informer stopped for good ends the process in production and Kubernetes restarts the pod; here that is a
    // restart of the in-process operator (JOSDK's default would end the whole test JVM).
    operator = KeyRotationOperator.create(kubernetes.client(), config, Clock.systemUTC(), () -> { }, services,
        (informer, error) -> {
          if (error != null) { // JOSDK also calls this when an informer stops because the operator stops
            CompletableFuture.runAsync(this::restartOperator);
          }
        });
    operator.start();
  }

  synchronized void stopOperator() {
    if (operator != null) {
      operator.stop();
      operator = null;
    }
  }

  synchronized void restartOperator() {
    stopOperator();
    startOperator();
  }

  /** The rotation under test, with the given extra spec lines (YAML, two-space indented under spec). */
  ServicePrincipalRotation apply(String extraSpec) {
    return apply(extraSpec, SqlServerDemo.TDE_CREDENTIAL);
  }

  /** As {@link #apply(String)}, naming only {@code credentialName} on each instance. */
  ServicePrincipalRotation apply(String extraSpec, String credentialName) {
    return user().resource(manifest(extraSpec, credentialName)).create();
  }

  /** The rotation {@link #apply(String, String)} creates, not yet created. */
  ServicePrincipalRotation manifest(String extraSpec, String credentialName) {
    StringBuilder yaml = new StringBuilder("""
        apiVersion: keyrotation.io/v1alpha1
        kind: ServicePrincipalRotation
        metadata:
          name: ekm-connector
          namespace: tde-demo
        spec:
          tenantId: %s
          application:
            clientId: %s
          rotateBefore: P30D
          secretLifetime: P365D
          gracePeriod: PT2S
          graphCredentials:
            type: ClientSecret
            secretRef:
              name: graph-identity
          verification:
            vaultUrl: %s
            keyName: %s
          targets:
            kubernetesSecrets:
              - name: ekm-service-principal
                key: clientSecret
            sqlServerCredentials:
        """.formatted(TENANT, EKM_APP, vault.vaultUrl().toString().replaceAll("/$", ""), KEY));
    for (SqlServerStandIn server : sql) {
      yaml.append("""
                  - instance:
                      name: %s
                      host: %s
                      port: %d
                      tls:
                        hostNameInCertificate: localhost
                        caCertificateRef:
                          configMapName: sql-server-ca
                      loginSecretRef:
                        name: sql-operator-login
                    credentialNames:
                      - %s
              """.formatted(server.instance().name(), server.host(), server.port(), credentialName));
    }
    yaml.append(extraSpec);
    return Serialization.unmarshal(yaml.toString(), ServicePrincipalRotation.class);
  }

  /** sys.credentials.modify_date per credential of one instance, read as the operator's login. */
  Map<String, java.time.LocalDateTime> credentialsModified(int instance) {
    SqlServerStandIn server = sql.get(instance);
    var gateway = SqlServerGatewayFactory.mssqlJdbc().create(io.keyrotation.operator.sqlserver.SqlServerEndpoint.of(
            server.instance().name(), server.host(), io.keyrotation.operator.sqlserver.SqlAuthentication.SqlPassword, "keyrotation",
            SQL_PASSWORD).withPort(server.port())
        .withTls(io.keyrotation.operator.sqlserver.SqlServerEndpoint.Tls.validatedBy(List.of(tls.certificate()))));
    Map<String, java.time.LocalDateTime> modified = new java.util.TreeMap<>();
    gateway.credentials().forEach(c -> modified.put(c.name(), c.modifiedAt()));
    return modified;
  }

  ServicePrincipalRotation current() {
    return user().resources(ServicePrincipalRotation.class).inNamespace(NAMESPACE).withName("ekm-connector").get();
  }

  @Override
  public void close() {
    stopOperator();
    if (ownsKubernetes) {
      kubernetes.close();
    }
    sql.forEach(SqlServerStandIn::close);
    vaults.close();
    graph.close();
    aad.close();
  }
}

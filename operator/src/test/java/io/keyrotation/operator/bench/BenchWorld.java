package io.keyrotation.operator.bench;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.keyrotation.operator.api.common.AzureCredentials;
import io.keyrotation.operator.api.common.CaCertificateRef;
import io.keyrotation.operator.api.common.ClientSecretRef;
import io.keyrotation.operator.api.common.LoginSecretRef;
import io.keyrotation.operator.api.common.SqlServerInstance;
import io.keyrotation.operator.api.common.SqlServerTls;
import io.keyrotation.operator.api.common.VaultRef;
import io.keyrotation.operator.api.tde.DatabaseSelection;
import io.keyrotation.operator.api.tde.EkmCredentialSpec;
import io.keyrotation.operator.api.tde.RotationSpec;
import io.keyrotation.operator.api.tde.SqlServerTarget;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.api.tde.VaultKeySpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyrotation.operator.testing.OperatorHarness;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import io.keyrotation.sandbox.ekm.KeyVaultEkmDirectory;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import io.keyrotation.sandbox.sqlserver.engine.AvailabilityGroup;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stand-ins of a benchmark: the sandbox's Key Vault and Azure AD (KeyVaultDemo), SQL Server
 * stand-ins whose TDE databases are protected by TDE_KEY1 (sqltde-initial), the Kubernetes API
 * stand-in with the Secrets a user creates; and either the operator in this JVM, wired as deployed
 * ({@link OperatorHarness}, with the given clock), or nothing, for a benchmark that runs the operator
 * as its own process. As tde/TdeSandbox, but with as many databases as a fleet needs (that one is
 * fixed at two and package-private to its tests).
 */
final class BenchWorld implements AutoCloseable {
  static final String NS = "bench";
  private static final String OPERATOR_LOGIN = "keyrotation";
  private static final String OPERATOR_PASSWORD = "Op3rator!Passw0rd-bench";

  final KeyVaultDemo keyVault;
  final List<SqlServerStandIn> sql = new ArrayList<>();
  final List<String> databases = new ArrayList<>();
  /** Null when the operator runs as its own process. */
  final OperatorHarness harness;
  private final KubernetesStandIn kubernetes;
  private final Map<String, String> env;
  private final Map<String, String> operatorEnv;
  /** Null unless the world holds every kind. */
  final OtherKinds otherKinds;

  /**
   * @param replicas 1: a standalone instance; more: instance 0 is the primary of an availability group over every database
   * @param databaseCount TDE databases db00001... on the primary (and its replicas)
   */
  BenchWorld(int replicas, int databaseCount, Clock clock, Map<String, String> operatorSettings) {
    this(replicas, databaseCount, clock, operatorSettings, true, false);
  }

  /**
   * @param inProcess false: no operator here; {@link #operatorEnvironment()} is what its process needs
   * @param allKinds also the stand-ins of ServicePrincipalRotations and VaultBackupSchedules ({@link OtherKinds})
   */
  BenchWorld(int replicas, int databaseCount, Clock clock, Map<String, String> operatorSettings, boolean inProcess,
      boolean allKinds) {
    try {
      Path dir = Files.createTempDirectory("bench-fleet");
      keyVault = KeyVaultDemo.start(dir);
      otherKinds = allKinds ? new OtherKinds(keyVault, dir) : null;
      env = readEnv(keyVault.envFile());
      for (int i = 0; i < databaseCount; i++) {
        databases.add(String.format("db%05d", i + 1));
      }
      startSqlServers(replicas);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SqlServerError e) {
      throw new IllegalStateException(e);
    }
    operatorEnv = new LinkedHashMap<>(operatorSettings);
    if (otherKinds != null) {
      operatorEnv.putAll(otherKinds.operatorSettings());
    }
    for (String key : List.of("AZURE_AUTHORITY_HOST", "KEYROTATION_EXTRA_CA_FILE",
        "KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY")) {
      operatorEnv.put(key, env.get(key));
    }
    operatorEnv.putIfAbsent("KEYROTATION_LEADER_ELECTION", "false");
    if (inProcess) {
      harness = OperatorHarness.start(operatorEnv, clock);
      kubernetes = harness.kubernetes();
    } else {
      harness = null;
      kubernetes = KubernetesStandIn.start();
      kubernetes.applyCrds(Path.of("../crds"));
    }
    createUserObjects();
  }

  private void startSqlServers(int replicas) throws IOException, SqlServerError {
    var vaults = new KeyVaultEkmDirectory(keyVault.vaults());
    for (int i = 0; i < replicas; i++) {
      var settings = new SqlServerDemo.Settings("sql-" + i, keyVault.primary().name(), KeyVaultDemo.FIRST_KEY,
          KeyVaultDemo.EKM_CLIENT_ID, keyVault.ekmClientSecret(), OPERATOR_LOGIN, OPERATOR_PASSWORD);
      // Every instance starts without databases (TDE_KEY1 registered); the fleet's databases are added below.
      var instance = SqlServerDemo.createSecondaryReplica(vaults, settings, Clock.systemUTC(), SqlServerDemo.OperatorCredential.NONE);
      sql.add(SqlServerStandIn.start(instance, SqlServerStandIn.Options.withTls(keyVault.tls())));
    }
    var primary = sql.get(0).instance();
    for (String database : databases) {
      primary.createDatabase(database);
      primary.enableTde(database, SqlServerDemo.ASYMMETRIC_KEY);
    }
    if (replicas > 1) {
      AvailabilityGroup.create("ag", primary, sql.subList(1, replicas).stream().map(SqlServerStandIn::instance).toList(),
          databases.toArray(String[]::new));
    }
    // As a DBA would once the databases exist (joined, on the replicas): the operator's CONTROL on each.
    for (SqlServerStandIn replica : sql) {
      for (String database : databases) {
        replica.instance().grant(OPERATOR_LOGIN, "CONTROL ON DATABASE::" + database);
      }
    }
  }

  KubernetesClient user() {
    return kubernetes.client();
  }

  KubernetesStandIn kubernetes() {
    return kubernetes;
  }

  /** The configuration of the operator's own process: the sandbox's authority host, CA file, and the settings given. */
  Map<String, String> operatorEnvironment() {
    return Map.copyOf(operatorEnv);
  }

  private void createUserObjects() {
    var k8s = user();
    k8s.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).createOr(e -> e.update());
    secret("operator-azure", Map.of("tenantId", KeyVaultDemo.TENANT_ID, "clientId", KeyVaultDemo.OPERATOR_CLIENT_ID,
        "clientSecret", env.get("AZURE_CLIENT_SECRET")));
    secret("ekm-connector", Map.of("tenantId", KeyVaultDemo.TENANT_ID, "clientId", KeyVaultDemo.EKM_CLIENT_ID,
        "clientSecret", keyVault.ekmClientSecret()));
    secret("sql-login", Map.of("username", OPERATOR_LOGIN, "password", OPERATOR_PASSWORD));
    try {
      k8s.resource(new ConfigMapBuilder().withNewMetadata().withName("sql-ca").withNamespace(NS).endMetadata()
          .withData(Map.of("ca.crt", Files.readString(keyVault.caFile()))).build()).createOr(e -> e.update());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void secret(String name, Map<String, String> values) {
    user().resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withStringData(values).build()).createOr(e -> e.update());
  }

  /**
   * A policy over every replica that re-encrypts only {@code selected}, adopting sqltde-initial, naming its keys
   * {@code prefix}-yyyyMMdd in the primary vault.
   */
  TdeKeyPolicy policy(String name, String prefix, List<String> selected, VaultKeySpec.KeyType keyType) {
    List<SqlServerInstance> instances = sql.stream().map(s -> new SqlServerInstance(s.instance().name(), s.host(), s.port(),
        new SqlServerTls(SqlServerTls.Encrypt.Mandatory, false, null, CaCertificateRef.configMap("sql-ca")),
        SqlServerInstance.SqlAuthentication.SqlPassword, new LoginSecretRef("sql-login", null, null))).toList();
    TdeKeyPolicy policy = new TdeKeyPolicy();
    policy.getMetadata().setName(name);
    policy.getMetadata().setNamespace(NS);
    policy.setSpec(new TdeKeyPolicySpec(
        new VaultRef(keyVault.primary().vaultUrl().toString().replaceAll("/$", ""), "westeurope", null),
        new VaultKeySpec(VaultKeySpec.NamingStrategy.NewName, prefix, null, keyType, 2048, null, KeyVaultDemo.FIRST_KEY),
        RotationSpec.defaults(),
        new SqlServerTarget("EKM", instances, new DatabaseSelection(DatabaseSelection.Selection.Listed, selected), null),
        new EkmCredentialSpec(keyVault.primary().name(), ClientSecretRef.named("ekm-connector")),
        new AzureCredentials(AzureCredentials.Type.ClientSecret, ClientSecretRef.named("operator-azure")),
        false));
    return policy;
  }

  TdeKeyPolicy create(TdeKeyPolicy policy) {
    return user().resource(policy).create();
  }

  List<TdeKeyPolicy> policies() {
    return user().resources(TdeKeyPolicy.class).inNamespace(NS).list().getItems();
  }

  /**
   * One TdeKeyPolicy per database, named {@code name}-dbNNNNN with keys k{@code NNNNN}-..., and with every kind, a
   * VaultBackupSchedule and a ServicePrincipalRotation of the same name; created by 8 client threads.
   */
  void createFleet(String name, VaultKeySpec.KeyType keyType) throws InterruptedException {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<?>> created = new ArrayList<>();
      for (int i = 0; i < databases.size(); i++) {
        String database = databases.get(i);
        int index = i;
        created.add(pool.submit(() -> {
          create(policy(name + "-" + database, "k" + database.substring(2), List.of(database), keyType));
          if (otherKinds != null) {
            createOtherKinds(name + "-" + database, index);
          }
          return null;
        }));
      }
      for (var future : created) {
        future.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("creating the fleet failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** A VaultBackupSchedule and a ServicePrincipalRotation (with its application and target Secret) named {@code name}. */
  void createOtherKinds(String name, int index) {
    user().resource(otherKinds.backupSchedule(NS, name)).create();
    user().resource(otherKinds.secretRotation(user(), NS, name, index)).create();
  }

  /** Resources of {@code kind} (e.g. VaultBackupSchedule) settled: Ready, or waiting for a first backup run. */
  int readyOf(String kind) {
    return (int) user().genericKubernetesResources("keyrotation.io/v1alpha1", kind).inNamespace(NS).list().getItems().stream()
        .filter(BenchWorld::ready).count();
  }

  /** The distinct reasons and messages of the Ready conditions that are not True, for a report that says why. */
  java.util.Set<String> notReadyReasons(String kind) {
    java.util.Set<String> reasons = new java.util.TreeSet<>();
    for (GenericKubernetesResource resource : user().genericKubernetesResources("keyrotation.io/v1alpha1", kind).inNamespace(NS)
        .list().getItems()) {
      if (!ready(resource)) {
        Object status = resource.getAdditionalProperties().get("status");
        reasons.add(status instanceof Map<?, ?> m ? String.valueOf(m.get("conditions")) : "no status");
      }
    }
    return reasons;
  }

  private static boolean ready(GenericKubernetesResource resource) {
    if (!(resource.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return false;
    }
    // A VaultBackupSchedule before its first run is settled with Ready Unknown, reason AwaitingFirstRun.
    return conditions.stream().anyMatch(c -> c instanceof Map<?, ?> m && "Ready".equals(m.get("type"))
        && ("True".equals(m.get("status")) || "AwaitingFirstRun".equals(m.get("reason"))));
  }

  /** Requests Microsoft Graph's stand-in received so far (0 without the other kinds). */
  long graphRequests() {
    return otherKinds == null ? 0 : otherKinds.graphRequests();
  }

  void rotateNow(String name, String value) {
    user().resources(TdeKeyPolicy.class).inNamespace(NS).withName(name).edit(p -> {
      if (p.getMetadata().getAnnotations() == null) {
        p.getMetadata().setAnnotations(new java.util.HashMap<>());
      }
      p.getMetadata().getAnnotations().put(io.keyrotation.operator.tde.TdeKeyPolicyPlanner.ROTATE_NOW, value);
      return p;
    });
  }

  /** TDS connections every SQL Server stand-in accepted so far (the operator opens one per gateway use). */
  long sqlConnections() {
    return sql.stream().mapToLong(SqlServerStandIn::connectionsAccepted).sum();
  }

  /** Requests every vault stand-in (primary, standby) received so far (Azure AD's token requests are not among them). */
  long vaultRequests() {
    return keyVault.vaults().all().stream().mapToLong(v -> v.requests().size()).sum();
  }

  @Override
  public void close() {
    try {
      if (harness != null) {
        harness.close();
      } else {
        kubernetes.close();
      }
    } finally {
      sql.forEach(SqlServerStandIn::close);
      if (otherKinds != null) {
        otherKinds.close();
      }
      keyVault.close();
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

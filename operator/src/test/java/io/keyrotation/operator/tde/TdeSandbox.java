package io.keyrotation.operator.tde;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.keyrotation.operator.api.common.AzureCredentials;
import io.keyrotation.operator.api.common.CaCertificateRef;
import io.keyrotation.operator.api.common.ClientSecretRef;
import io.keyrotation.operator.api.common.LoginSecretRef;
import io.keyrotation.operator.api.common.SqlServerInstance;
import io.keyrotation.operator.api.common.SqlServerTls;
import io.keyrotation.operator.api.common.VaultRef;
import io.keyrotation.operator.api.tde.EkmCredentialSpec;
import io.keyrotation.operator.api.tde.RotationSpec;
import io.keyrotation.operator.api.tde.SqlServerTarget;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.api.tde.VaultKeySpec;
import io.keyrotation.operator.testing.OperatorHarness;
import io.keyrotation.sandbox.ekm.KeyVaultEkmDirectory;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import io.keyrotation.sandbox.sqlserver.engine.AvailabilityGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The Key Vault, Azure AD and SQL Server stand-ins linked as in the sandbox's demo (databases Sales
 * and Inventory protected by TDE_KEY1 from vault key sqltde-initial), the operator in-process
 * against the Kubernetes stand-in, and the Secrets a user would create.
 */
final class TdeSandbox implements AutoCloseable {
  static final String NS = "tde";
  static final String OPERATOR_LOGIN = "keyrotation";
  static final String OPERATOR_PASSWORD = "Op3rator!Passw0rd-sandbox";

  final KeyVaultDemo keyVault;
  final List<SqlServerStandIn> sql = new ArrayList<>();
  final OperatorHarness harness;
  AvailabilityGroup group;
  private final Map<String, String> env;
  private final Map<String, String> operatorEnv = new LinkedHashMap<>();

  TdeSandbox(int instances) {
    this(instances, false);
  }

  /** With {@code availabilityGroup}, instance 0 is the primary of group "ag" over both databases and the others its secondaries. */
  TdeSandbox(int instances, boolean availabilityGroup) {
    this(instances, availabilityGroup, null);
  }

  /** As above, the operator under the given RBAC objects (e.g. deploy/'s with a grant taken out) instead of deploy/'s. */
  TdeSandbox(int instances, List<io.fabric8.kubernetes.api.model.HasMetadata> rbac) {
    this(instances, false, rbac);
  }

  private TdeSandbox(int instances, boolean availabilityGroup, List<io.fabric8.kubernetes.api.model.HasMetadata> rbac) {
    try {
      Path dir = Files.createTempDirectory("tde-sandbox");
      keyVault = KeyVaultDemo.start(dir);
      env = readEnv(keyVault.envFile());
      for (int i = 0; i < instances; i++) {
        var settings = new SqlServerDemo.Settings("sql-" + i, keyVault.primary().name(), KeyVaultDemo.FIRST_KEY,
                KeyVaultDemo.EKM_CLIENT_ID, keyVault.ekmClientSecret(), OPERATOR_LOGIN, OPERATOR_PASSWORD);
        var vaults = new KeyVaultEkmDirectory(keyVault.vaults());
        var instance = availabilityGroup && i > 0
            ? SqlServerDemo.createSecondaryReplica(vaults, settings, Clock.systemUTC(), SqlServerDemo.OperatorCredential.NONE)
            : SqlServerDemo.createInstance(vaults, settings, Clock.systemUTC(), SqlServerDemo.OperatorCredential.NONE);
        sql.add(SqlServerStandIn.start(instance, SqlServerStandIn.Options.withTls(keyVault.tls())));
      }
      if (availabilityGroup) {
        group = AvailabilityGroup.create("ag", sql.get(0).instance(),
            sql.subList(1, sql.size()).stream().map(SqlServerStandIn::instance).toList(),
            SqlServerDemo.DATABASES.toArray(String[]::new));
        // As a DBA would once the databases are joined: the operator's CONTROL on them on every replica.
        for (SqlServerStandIn secondary : sql.subList(1, sql.size())) {
          for (String database : SqlServerDemo.DATABASES) {
            secondary.instance().grant(OPERATOR_LOGIN, "CONTROL ON DATABASE::" + database);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (io.keyrotation.sandbox.sqlserver.engine.SqlServerError e) {
      throw new IllegalStateException(e);
    }
    for (String key : List.of("AZURE_AUTHORITY_HOST", "KEYROTATION_EXTRA_CA_FILE",
        "KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY")) {
      operatorEnv.put(key, env.get(key));
    }
    operatorEnv.put("KEYROTATION_LEADER_ELECTION", "false");
    harness = rbac == null ? OperatorHarness.start(operatorEnv) : OperatorHarness.startUnder(rbac, operatorEnv);
    createSecrets();
  }

  private void createSecrets() {
    var k8s = harness.user();
    k8s.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).createOr(e -> e.update());
    secret("operator-azure", Map.of("tenantId", KeyVaultDemo.TENANT_ID, "clientId", KeyVaultDemo.OPERATOR_CLIENT_ID,
        "clientSecret", env.get("AZURE_CLIENT_SECRET")));
    secret("ekm-connector", Map.of("tenantId", KeyVaultDemo.TENANT_ID, "clientId", KeyVaultDemo.EKM_CLIENT_ID,
        "clientSecret", keyVault.ekmClientSecret()));
    secret("sql-login", Map.of("username", OPERATOR_LOGIN, "password", OPERATOR_PASSWORD));
    try {
      k8s.resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("sql-ca").withNamespace(NS)
          .endMetadata().withData(Map.of("ca.crt", Files.readString(keyVault.caFile()))).build()).createOr(e -> e.update());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void secret(String name, Map<String, String> values) {
    harness.user().resource(new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withStringData(values).build()).createOr(e -> e.update());
  }

  /** A policy over every instance, adopting sqltde-initial, naming new keys sqltde-yyyyMMdd. */
  TdeKeyPolicy policy(String name) {
    List<SqlServerInstance> instances = sql.stream().map(s -> new SqlServerInstance(s.instance().name(), s.host(), s.port(),
        new SqlServerTls(SqlServerTls.Encrypt.Mandatory, false, null, CaCertificateRef.configMap("sql-ca")),
        SqlServerInstance.SqlAuthentication.SqlPassword,
        new LoginSecretRef("sql-login", null, null))).toList();
    TdeKeyPolicy policy = new TdeKeyPolicy();
    policy.getMetadata().setName(name);
    policy.getMetadata().setNamespace(NS);
    policy.setSpec(new TdeKeyPolicySpec(
        new VaultRef(keyVault.primary().vaultUrl().toString().replaceAll("/$", ""), "westeurope", null),
        new VaultKeySpec(VaultKeySpec.NamingStrategy.NewName, "sqltde", null, VaultKeySpec.KeyType.RSA, 2048, null,
            KeyVaultDemo.FIRST_KEY),
        RotationSpec.defaults(),
        new SqlServerTarget("EKM", instances, null, null),
        new EkmCredentialSpec(keyVault.primary().name(), ClientSecretRef.named("ekm-connector")),
        new AzureCredentials(AzureCredentials.Type.ClientSecret, ClientSecretRef.named("operator-azure")),
        false));
    return policy;
  }

  TdeKeyPolicy apply(TdeKeyPolicy policy) {
    return harness.user().resource(policy).createOr(e -> e.update());
  }

  TdeKeyPolicy get(String name) {
    return harness.user().resources(TdeKeyPolicy.class).inNamespace(NS).withName(name).get();
  }

  void rotateNow(String name, String value) {
    harness.user().resources(TdeKeyPolicy.class).inNamespace(NS).withName(name)
        .edit(p -> {
          if (p.getMetadata().getAnnotations() == null) {
            p.getMetadata().setAnnotations(new java.util.HashMap<>());
          }
          p.getMetadata().getAnnotations().put(TdeKeyPolicyPlanner.ROTATE_NOW, value);
          return p;
        });
  }

  List<Event> events(String name) {
    return harness.user().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }

  String operatorSecret() {
    return env.get("AZURE_CLIENT_SECRET");
  }

  /** The configuration the in-process operator runs with. */
  io.keyrotation.operator.config.OperatorConfig operatorConfig() {
    return io.keyrotation.operator.config.OperatorConfig.fromEnvironment(operatorEnv);
  }

  /** Every external object a rotation can create: vault key versions, SQL keys, logins, credentials, mappings, DEK protectors. */
  String externalState() {
    StringBuilder state = new StringBuilder();
    for (String name : keyVault.primary().keyNames()) {
      state.append("vault:").append(name).append('#').append(keyVault.primary().versionsOf(name).size()).append('\n');
    }
    for (int i = 0; i < sql.size(); i++) {
      state.append(i).append(" keys ").append(asymmetricKeys(i).keySet()).append('\n')
          .append(i).append(" principals ").append(query(i, "SELECT name, type FROM sys.server_principals").keySet()).append('\n')
          .append(i).append(" credentials ").append(query(i, "SELECT name, credential_identity FROM sys.credentials")).append('\n')
          .append(i).append(" mappings ").append(rows(i, "SELECT principal_id, credential_id FROM sys.server_principal_credentials"))
          .append('\n').append(i).append(" deks ").append(encryptorThumbprints(i)).append('\n');
    }
    return state.toString();
  }

  private List<String> rows(int instance, String select) {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(sql.get(instance).jdbcUrl(), credentials());
        ResultSet r = c.createStatement().executeQuery(select)) {
      while (r.next()) {
        rows.add(r.getString(1) + "->" + r.getString(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    java.util.Collections.sort(rows);
    return rows;
  }

  private static Properties credentials() {
    Properties props = new Properties();
    props.put("user", OPERATOR_LOGIN);
    props.put("password", OPERATOR_PASSWORD);
    return props;
  }

  /** Database name to encryptor thumbprint, as a DBA reads them through mssql-jdbc. */
  Map<String, String> encryptorThumbprints(int instance) {
    Map<String, String> names = query(instance, "SELECT database_id, name FROM sys.databases");
    Map<String, String> thumbprints = new LinkedHashMap<>();
    query(instance, "SELECT database_id, encryptor_thumbprint FROM sys.dm_database_encryption_keys")
        .forEach((id, thumbprint) -> {
          if (!id.equals("2")) { // tempdb is encrypted by SQL Server itself once any database is
            thumbprints.put(names.get(id), thumbprint);
          }
        });
    return thumbprints;
  }

  /** The credentials mapped to {@code login}, by name (sys.server_principal_credentials as a DBA reads it). */
  List<String> credentialsOfLogin(int instance, String login) {
    Map<String, String> principalIds = query(instance, "SELECT name, principal_id FROM sys.server_principals");
    Map<String, String> credentialNames = query(instance, "SELECT credential_id, name FROM sys.credentials");
    String principal = principalIds.get(login);
    return rows(instance, "SELECT principal_id, credential_id FROM sys.server_principal_credentials").stream()
        .filter(r -> r.startsWith(principal + "->")).map(r -> credentialNames.get(r.substring(r.indexOf("->") + 2))).toList();
  }

  /** Credential name to IDENTITY. */
  Map<String, String> credentials(int instance) {
    return query(instance, "SELECT name, credential_identity FROM sys.credentials");
  }

  /** As a DBA would: a service principal credential of the DBA's choosing mapped to the operator's login. */
  void dbaMapsOperatorCredential(int instance, String credential) {
    String secret = KeyVaultDemo.EKM_CLIENT_ID.replace("-", "") + keyVault.ekmClientSecret();
    try {
      sql.get(instance).instance().execute(SqlServerDemo.DBA_LOGIN, "CREATE CREDENTIAL [" + credential + "] WITH IDENTITY = N'"
          + keyVault.primary().name() + "', SECRET = N'" + secret + "' FOR CRYPTOGRAPHIC PROVIDER [" + SqlServerDemo.PROVIDER
          + "]; ALTER LOGIN [" + OPERATOR_LOGIN + "] ADD CREDENTIAL [" + credential + "]");
    } catch (io.keyrotation.sandbox.sqlserver.engine.SqlServerError e) {
      throw new IllegalStateException(e);
    }
  }

  /** Asymmetric key name to thumbprint in master. */
  Map<String, String> asymmetricKeys(int instance) {
    return query(instance, "SELECT name, thumbprint FROM sys.asymmetric_keys");
  }

  private Map<String, String> query(int instance, String select) {
    Properties props = credentials();
    String url = sql.get(instance).jdbcUrl();
    Map<String, String> rows = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(url, props);
        ResultSet r = c.createStatement().executeQuery(select)) {
      while (r.next()) {
        rows.put(r.getString(1), r.getString(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return rows;
  }

  /** The key-safety promise, checked on the stand-ins' state (not on status). */
  io.keyrotation.operator.testing.KeySafetyInvariants invariants() {
    return new io.keyrotation.operator.testing.KeySafetyInvariants(sql.stream().map(SqlServerStandIn::instance).toList(),
        keyVault.vaults(), keyVault.aad().registry(), harness.user(),
        new io.keyrotation.operator.testing.ArchiveAudit(keyVault.tls(), keyVault.aad().tokens()));
  }

  @Override
  public void close() {
    try {
      harness.close();
    } finally {
      sql.forEach(SqlServerStandIn::close);
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

package io.keyrotation.sandbox.ekm;

import io.keyrotation.sandbox.IssuedSecrets;

import io.keyrotation.sandbox.PrivateFiles;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerError;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * The demo SQL Server instance (databases Sales and Inventory under TDE) whose EKM provider uses
 * the Key Vault demo's primary vault and the connector's service principal, as a real instance
 * would. It speaks TLS with a certificate from the sandbox CA and forces encryption, so clients connect as
 * production does: {@code encrypt=true} (or {@code strict}) with the certificate validated against that CA.
 * The operator's SQL login and password go to {@code sqlserver-demo.env} (mode 600) only.
 */
public final class LinkedSqlServerDemo implements AutoCloseable {
  public static final String INSTANCE = "sql-0";
  public static final String OPERATOR_LOGIN = "keyrotation";

  private final SqlServerStandIn server;
  private final Path envFile;
  private final Path caFile;

  private LinkedSqlServerDemo(SqlServerStandIn server, Path envFile, Path caFile) {
    this.server = server;
    this.envFile = envFile;
    this.caFile = caFile;
  }

  public static LinkedSqlServerDemo start(KeyVaultDemo keyVault, Path stateDir, int port) {
    String password = newPassword();
    try {
      SqlServerInstance instance = SqlServerDemo.createInstance(new KeyVaultEkmDirectory(keyVault.vaults()),
          new SqlServerDemo.Settings(INSTANCE, keyVault.primary().name(), KeyVaultDemo.FIRST_KEY,
              KeyVaultDemo.EKM_CLIENT_ID, keyVault.ekmClientSecret(), OPERATOR_LOGIN, password),
          Clock.systemUTC(), SqlServerDemo.OperatorCredential.NONE);
      SqlServerStandIn server = SqlServerStandIn.start(instance,
          SqlServerStandIn.Options.withTls(keyVault.tls()).onPort(port));
      Path envFile = writeEnv(stateDir.resolve("sqlserver-demo.env"), server, password, keyVault.caFile());
      return new LinkedSqlServerDemo(server, envFile, keyVault.caFile());
    } catch (SqlServerError e) {
      throw new IllegalStateException("the demo SQL Server instance could not be set up: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("the demo SQL Server instance could not listen", e);
    }
  }

  /** Restarts the SQL Server instance (as a service restart would): the EKM provider forgets its cached secrets. */
  public void restart() {
    server.instance().restart();
  }

  public String host() {
    return server.host();
  }

  public int port() {
    return server.port();
  }

  /** The sandbox CA's PEM file, which issued the instance's certificate. */
  public Path caFile() {
    return caFile;
  }

  /** {@code jdbc:sqlserver://localhost:PORT;encrypt=true;...}: TLS validated against the sandbox CA. */
  public String jdbcUrl() {
    return server.jdbcUrl();
  }

  /** Endpoints and files, no secrets. */
  public String describe() {
    return "SQL Server (TDS 7.4):     " + server.host() + ":" + server.port() + "  instance " + INSTANCE
        + ", databases " + String.join(" and ", SqlServerDemo.DATABASES) + " protected by " + SqlServerDemo.ASYMMETRIC_KEY
        + " (vault key " + KeyVaultDemo.FIRST_KEY + ")" + System.lineSeparator()
        + "SQL Server TLS:           Force Encryption; certificate for localhost from the sandbox CA " + caFile
        + " (encrypt=Mandatory or Strict)" + System.lineSeparator()
        + "SQL Server login:         " + envFile + "  (holds the operator's SQL password)";
  }

  @Override
  public void close() {
    server.close();
  }

  private static Path writeEnv(Path file, SqlServerStandIn server, String password, Path caFile) {
    String env = String.join("\n",
        "SQLSERVER_HOST=" + server.host(),
        "SQLSERVER_PORT=" + server.port(),
        "SQLSERVER_CA_FILE=" + caFile,
        "SQLSERVER_USERNAME=" + OPERATOR_LOGIN,
        "SQLSERVER_PASSWORD=" + password,
        "");
    return PrivateFiles.write(file, env);
  }

  private static String newPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    String password = "Sbx!" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    IssuedSecrets.record("demo SQL login password", password);
    return password;
  }
}

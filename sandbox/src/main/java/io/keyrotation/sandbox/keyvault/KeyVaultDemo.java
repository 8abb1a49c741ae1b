package io.keyrotation.sandbox.keyvault;

import io.keyrotation.sandbox.PrivateFiles;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A ready-made Key Vault setup for the demo: the token endpoint, a primary vault in West Europe
 * holding a first TDE key, a standby vault in North Europe (same geography, for backup restores),
 * the operator's service principal (get, list, create, backup, restore, getrotationpolicy on both) and SQL Server's
 * EKM service principal (get, list, wrapKey, unwrapKey on the primary). Secrets go only to the
 * {@link #envFile()} (mode 600), never to the console.
 */
public final class KeyVaultDemo implements AutoCloseable {
  public static final String TENANT_ID = "72f988bf-0000-4000-8000-000000000001";
  public static final String SUBSCRIPTION_ID = "3b9c1d2e-0000-4000-8000-000000000001";
  public static final String OPERATOR_CLIENT_ID = "a1b2c3d4-0000-4000-8000-000000000001";
  public static final String EKM_CLIENT_ID = "e5f6a7b8-0000-4000-8000-000000000002";
  public static final String FIRST_KEY = "sqltde-initial";

  private final SandboxTls tls;
  private final AzureAdStandIn aad;
  private final SandboxVaults vaults;
  private final KeyVaultStandIn primary;
  private final KeyVaultStandIn standby;
  private final Path caFile;
  private final Path envFile;
  private final String ekmSecret;

  private KeyVaultDemo(Path workDir) {
    this.tls = SandboxTls.generate();
    AppRegistry registry = new AppRegistry();
    Instant inAYear = Instant.now().plus(365, ChronoUnit.DAYS);
    // Azure AD generates the secrets; they are shown once, here, and go only to the private env file.
    String operatorSecret = registry.registerApp(TENANT_ID, OPERATOR_CLIENT_ID, "keyrotation-operator", inAYear).secretText();
    this.ekmSecret = registry.registerApp(TENANT_ID, EKM_CLIENT_ID, "sqlserver-ekm", inAYear).secretText();
    this.aad = AzureAdStandIn.start(tls, registry);
    this.vaults = new SandboxVaults(aad, tls);
    this.primary = vaults.start(VaultDefinition.of("tde-demo-weu", "westeurope", SUBSCRIPTION_ID, TENANT_ID));
    this.standby = vaults.start(VaultDefinition.of("tde-standby-neu", "northeurope", SUBSCRIPTION_ID, TENANT_ID));
    for (KeyVaultStandIn vault : vaults.all()) {
      vault.grant(OPERATOR_CLIENT_ID, KeyPermission.GET, KeyPermission.LIST, KeyPermission.CREATE,
          KeyPermission.BACKUP, KeyPermission.RESTORE, KeyPermission.GET_ROTATION_POLICY);
    }
    primary.grant(EKM_CLIENT_ID, KeyPermission.GET, KeyPermission.LIST, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY);
    primary.createKey(FIRST_KEY, false, 2048, Map.of("purpose", "sql-tde"));
    this.caFile = tls.writeCertificatePem(workDir.resolve("sandbox-ca.pem"));
    this.envFile = writeEnv(workDir.resolve("keyvault-demo.env"), operatorSecret, ekmSecret);
  }

  /** Starts everything on free loopback ports and writes {@code sandbox-ca.pem} and {@code keyvault-demo.env} into {@code workDir}. */
  public static KeyVaultDemo start(Path workDir) {
    return new KeyVaultDemo(workDir);
  }

  public AzureAdStandIn aad() {
    return aad;
  }

  public SandboxVaults vaults() {
    return vaults;
  }

  public KeyVaultStandIn primary() {
    return primary;
  }

  public KeyVaultStandIn standby() {
    return standby;
  }

  public SandboxTls tls() {
    return tls;
  }

  /** The SQL Server Connector's client secret, for the SQL Server stand-in's EKM credentials. */
  public String ekmClientSecret() {
    return ekmSecret;
  }

  public Path caFile() {
    return caFile;
  }

  /** Environment for the operator (and the SQL Server EKM credential), secrets included. */
  public Path envFile() {
    return envFile;
  }

  /** What to print: endpoints and files, no secrets. */
  public String describe() {
    return String.join(System.lineSeparator(),
        "Azure AD token endpoint:  " + aad.authorityHost() + TENANT_ID + "/oauth2/v2.0/token",
        "Key Vault (primary):      " + primary.vaultUrl() + "  name=" + primary.name() + " region=westeurope, key " + FIRST_KEY,
        "Key Vault (standby):      " + standby.vaultUrl() + "  name=" + standby.name() + " region=northeurope",
        "Trust this CA:            " + caFile,
        "Operator/EKM environment: " + envFile + "  (source it; holds the client secrets)");
  }

  @Override
  public void close() {
    vaults.close();
    aad.close();
  }

  private Path writeEnv(Path file, String operatorSecret, String ekmSecret) {
    String env = String.join("\n",
        "AZURE_AUTHORITY_HOST=" + aad.authorityHost(),
        "KEYROTATION_EXTRA_CA_FILE=" + caFile.toAbsolutePath(),
        "KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION=true",
        "KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY=true",
        "AZURE_TENANT_ID=" + TENANT_ID,
        "AZURE_CLIENT_ID=" + OPERATOR_CLIENT_ID,
        "AZURE_CLIENT_SECRET=" + operatorSecret,
        "KEYVAULT_PRIMARY_URL=" + primary.vaultUrl(),
        "KEYVAULT_STANDBY_URL=" + standby.vaultUrl(),
        "EKM_CLIENT_ID=" + EKM_CLIENT_ID,
        "EKM_CLIENT_SECRET=" + ekmSecret,
        "");
    return PrivateFiles.write(file, env);
  }
}

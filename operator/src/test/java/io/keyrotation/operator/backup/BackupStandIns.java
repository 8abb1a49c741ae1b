package io.keyrotation.operator.backup;

import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import io.keyrotation.operator.keyvault.AzureIdentity;
import io.keyrotation.operator.keyvault.KeyVaultRetry;
import io.keyrotation.operator.keyvault.KeyVaultSettings;
import io.keyrotation.sandbox.aad.AppRegistry;
import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import io.keyrotation.sandbox.blob.AzuriteBlobService;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.SandboxVaults;
import io.keyrotation.sandbox.keyvault.VaultDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a backup test talks to: the Azure AD stand-in, Key Vault stand-ins (two in Europe, one in the
 * United States, started on demand) and Azurite over HTTPS with the sandbox CA; plus the operator-side
 * settings that reach them as a private cloud would be reached.
 */
public final class BackupStandIns implements AutoCloseable {
  public static final String TENANT = "7a1b2c3d-0000-4000-8000-00000000b001";
  public static final String SUBSCRIPTION = "5e6f7a8b-0000-4000-8000-00000000b001";
  public static final String OPERATOR_APP = "0c0ffee0-0000-4000-8000-00000000b001";
  public static final String EKM_APP = "0c0ffee0-0000-4000-8000-00000000b002";

  private static final AtomicInteger CONTAINERS = new AtomicInteger();
  private final java.util.List<URI> containers = new java.util.concurrent.CopyOnWriteArrayList<>();

  public final SandboxTls tls = SandboxTls.generate();
  public final AppRegistry registry = new AppRegistry();
  public final AzureAdStandIn aad;
  public final SandboxVaults vaults;
  public final AzuriteBlobService azurite;
  public final Path caFile;
  /** Client secrets as Azure AD generated them. */
  public final String operatorSecret;
  public final String ekmSecret;

  public BackupStandIns() {
    Instant inAYear = Instant.now().plus(365, ChronoUnit.DAYS);
    operatorSecret = registry.registerApp(TENANT, OPERATOR_APP, "keyrotation-operator", inAYear).secretText();
    ekmSecret = registry.registerApp(TENANT, EKM_APP, "sql-ekm", inAYear).secretText();
    aad = AzureAdStandIn.start(tls, registry);
    vaults = new SandboxVaults(aad, tls);
    try {
      Path dir = Files.createTempDirectory("backup-standins");
      caFile = tls.writeCertificatePem(dir.resolve("sandbox-ca.pem"));
      azurite = AzuriteBlobService.start(tls, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A vault the operator may read, back up and restore into; the EKM identity may get, wrap and unwrap. */
  public KeyVaultStandIn startVault(String name, String region) {
    KeyVaultStandIn vault = vaults.start(VaultDefinition.of(name, region, SUBSCRIPTION, TENANT));
    vault.grant(OPERATOR_APP, KeyPermission.GET, KeyPermission.LIST, KeyPermission.BACKUP, KeyPermission.RESTORE);
    vault.grant(EKM_APP, KeyPermission.GET, KeyPermission.WRAP_KEY, KeyPermission.UNWRAP_KEY);
    return vault;
  }

  public KeyVaultSettings settings() {
    return KeyVaultSettings.defaults()
        .withAuthorityHost(aad.authorityHost())
        .withExtraTrustedCaFile(caFile)
        .withDisableChallengeResourceVerification(true)
        .withDisableInstanceDiscovery(true)
        .withRetry(KeyVaultRetry.none().withAttemptTimeout(Duration.ofSeconds(10)));
  }

  public AzureIdentity operator() {
    return AzureIdentity.clientSecret(TENANT, OPERATOR_APP, operatorSecret);
  }

  /** Creates a fresh container as the user would (the operator never creates containers) and returns its URL. */
  public URI newContainer() {
    String name = "key-backups-" + CONTAINERS.incrementAndGet();
    userClient(azurite.containerUrl(name)).create();
    containers.add(azurite.containerUrl(name));
    return azurite.containerUrl(name);
  }

  /** The container as the user (or an auditor) sees it with the Blob SDK. */
  public BlobContainerClient userClient(URI containerUrl) {
    return new BlobContainerClientBuilder()
        .endpoint(containerUrl.toString())
        .credential(new ClientSecretCredentialBuilder().authorityHost(aad.authorityHost().toString())
            .tenantId(TENANT).clientId(OPERATOR_APP).clientSecret(operatorSecret).disableInstanceDiscovery()
            .httpClient(trustingSandbox()).build())
        .httpClient(trustingSandbox())
        .buildClient();
  }

  private com.azure.core.http.HttpClient trustingSandbox() {
    try {
      var ssl = io.netty.handler.ssl.SslContextBuilder.forClient().trustManager(tls.certificate()).build();
      return new com.azure.core.http.netty.NettyAsyncHttpClientBuilder(
          reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(ssl))).build();
    } catch (javax.net.ssl.SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key-safety promise over these stand-ins and every container made here; {@code kubernetes} may be null. */
  public io.keyrotation.operator.testing.KeySafetyInvariants invariants(io.fabric8.kubernetes.client.KubernetesClient kubernetes) {
    return new io.keyrotation.operator.testing.KeySafetyInvariants(java.util.List.of(), vaults, registry, kubernetes,
        new io.keyrotation.operator.testing.ArchiveAudit(tls, aad.tokens()), containers);
  }

  @Override
  public void close() {
    try {
      azurite.close();
    } finally {
      vaults.close();
      aad.close();
    }
  }
}

package io.keyrotation.operator.tde;

import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.backup.VaultBackupScheduleReconciler;
import io.keyrotation.sandbox.blob.AzuriteBlobService;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import io.netty.handler.ssl.SslContextBuilder;

/**
 * Azurite beside a {@link TdeSandbox}, with a container the user created, and VaultBackupSchedules over
 * the sandbox's vault as a user would apply them (the in-process operator runs them).
 */
final class BackupArchiveFixture implements AutoCloseable {
  final TdeSandbox sandbox;
  final AzuriteBlobService azurite;
  final URI container;

  BackupArchiveFixture(TdeSandbox sandbox) {
    this.sandbox = sandbox;
    try {
      azurite = AzuriteBlobService.start(sandbox.keyVault.tls(), Files.createTempDirectory("tde-backups"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    container = createContainer("tde-keys");
  }

  /** Creates a container as its owner would (the operator never creates one). */
  URI createContainer(String name) {
    Instant now = Instant.now();
    return azurite.createContainer(name, sandbox.keyVault.aad().tokens().issue(KeyVaultDemo.TENANT_ID,
        KeyVaultDemo.OPERATOR_CLIENT_ID, "https://storage.azure.com", now, now.plusSeconds(600)),
        HttpClient.newBuilder().sslContext(sandbox.keyVault.tls().clientContext()).build());
  }

  /** A schedule backing up the sandbox's primary vault's sqltde* keys into {@code containerUrl} (never on its own schedule). */
  VaultBackupSchedule schedule(String name, URI containerUrl, String vaultUrl) {
    String yaml = """
        apiVersion: keyrotation.io/v1alpha1
        kind: VaultBackupSchedule
        metadata:
          name: %s
          namespace: %s
        spec:
          schedule: "0 3 1 1 *"
          source:
            vault: {url: "%s", region: westeurope, subscriptionId: %s}
            keys: {namePrefix: sqltde}
          archive:
            blob: {containerUrl: "%s", prefix: tde}
          azureCredentials:
            type: ClientSecret
            secretRef: {name: operator-azure}
        """.formatted(name, TdeSandbox.NS, vaultUrl, KeyVaultDemo.SUBSCRIPTION_ID, containerUrl);
    return sandbox.harness.user().resource(Serialization.unmarshal(yaml, VaultBackupSchedule.class)).create();
  }

  VaultBackupSchedule schedule(String name) {
    return schedule(name, container, sandbox.keyVault.primary().vaultUrl().toString().replaceAll("/$", ""));
  }

  VaultBackupSchedule get(String name) {
    return sandbox.harness.user().resources(VaultBackupSchedule.class).inNamespace(TdeSandbox.NS).withName(name).get();
  }

  Optional<String> backupNow(String name) {
    Map<String, String> annotations = get(name).getMetadata().getAnnotations();
    return Optional.ofNullable(annotations == null ? null : annotations.get(VaultBackupScheduleReconciler.BACKUP_NOW));
  }

  /** The archive as an auditor lists it with the Blob SDK: blob name to its metadata. */
  List<BlobItem> blobs(URI containerUrl) {
    return auditor(containerUrl).listBlobs(new ListBlobsOptions().setDetails(new BlobListDetails().setRetrieveMetadata(true)), null)
        .stream().toList();
  }

  private BlobContainerClient auditor(URI containerUrl) {
    try {
      var ssl = SslContextBuilder.forClient().trustManager(sandbox.keyVault.tls().certificate()).build();
      var http = new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
          .secure(spec -> spec.sslContext(ssl))).build();
      return new BlobContainerClientBuilder().endpoint(containerUrl.toString()).httpClient(http)
          .credential(new ClientSecretCredentialBuilder().authorityHost(sandbox.keyVault.aad().authorityHost().toString())
              .tenantId(KeyVaultDemo.TENANT_ID).clientId(KeyVaultDemo.OPERATOR_CLIENT_ID)
              .clientSecret(sandbox.operatorSecret()).disableInstanceDiscovery().httpClient(http).build())
          .buildClient();
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Replaces an archive's content, keeping its metadata (as a corrupted or tampered copy would look). */
  void tamper(URI containerUrl, BlobItem blob) {
    var client = auditor(containerUrl).getBlobClient(blob.getName());
    client.upload(com.azure.core.util.BinaryData.fromString("not a key backup"), true);
    client.setMetadata(blob.getMetadata());
  }

  void delete(URI containerUrl, BlobItem blob) {
    auditor(containerUrl).getBlobClient(blob.getName()).delete();
  }

  /** Archived blobs of {@code key} in {@code containerUrl} whose metadata lists {@code version}. */
  List<BlobItem> archivesHolding(URI containerUrl, String key, String version) {
    return blobs(containerUrl).stream().filter(b -> key.equals(b.getMetadata().get("key"))
        && List.of(b.getMetadata().getOrDefault("versions", "").split(",")).contains(version)).toList();
  }

  @Override
  public void close() {
    azurite.close();
  }
}

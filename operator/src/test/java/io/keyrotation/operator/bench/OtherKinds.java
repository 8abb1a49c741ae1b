package io.keyrotation.operator.bench;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.sandbox.blob.AzuriteBlobService;
import io.keyrotation.sandbox.graph.GraphPermission;
import io.keyrotation.sandbox.graph.GraphStandIn;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The stand-ins of the two other kinds beside the TDE ones: Microsoft Graph (on the same Azure AD)
 * for ServicePrincipalRotations, Azurite for the backup archive of VaultBackupSchedules; and the
 * resources themselves, nothing due in the next hour: a schedule that runs on 1 January, an
 * application whose secret expires in 300 days (rotation 30 days before).
 */
final class OtherKinds implements AutoCloseable {
  private static final String SUBSCRIPTION = KeyVaultDemo.SUBSCRIPTION_ID;
  final GraphStandIn graph;
  final AzuriteBlobService azurite;
  private final KeyVaultDemo keyVault;

  OtherKinds(KeyVaultDemo keyVault, Path workDir) {
    this.keyVault = keyVault;
    graph = GraphStandIn.start(keyVault.tls(), keyVault.aad());
    graph.access().grant(KeyVaultDemo.OPERATOR_CLIENT_ID, GraphPermission.APPLICATION_READ_WRITE_OWNED_BY);
    azurite = AzuriteBlobService.start(keyVault.tls(), workDir);
  }

  /** What the operator's configuration adds for these kinds. */
  Map<String, String> operatorSettings() {
    return Map.of("KEYROTATION_GRAPH_ENDPOINT", graph.endpoint().toString());
  }

  VaultBackupSchedule backupSchedule(String namespace, String name) {
    String yaml = """
        apiVersion: keyrotation.io/v1alpha1
        kind: VaultBackupSchedule
        metadata: {name: %s, namespace: %s}
        spec:
          schedule: "0 3 1 1 *"
          source:
            vault: {url: "%s", region: westeurope, subscriptionId: %s}
            keys: {namePrefix: sqltde-}
          archive:
            blob: {containerUrl: "%s", prefix: "%s/"}
          standbyVaults:
            - {url: "%s", region: northeurope, subscriptionId: %s}
          azureCredentials:
            type: ClientSecret
            secretRef: {name: operator-azure}
        """.formatted(name, namespace, url(keyVault.primary().vaultUrl()), SUBSCRIPTION, azurite.containerUrl("key-backups"), name,
        url(keyVault.standby().vaultUrl()), SUBSCRIPTION);
    return Serialization.unmarshal(yaml, VaultBackupSchedule.class);
  }

  /**
   * A rotation of an application of its own (registered now, its secret expiring in 300 days, owned by
   * the operator's application), whose target is a Kubernetes Secret created here.
   */
  ServicePrincipalRotation secretRotation(KubernetesClient user, String namespace, String name, int index) {
    String appId = String.format("be7c%04x-0000-4000-8000-%012d", index >> 16, index);
    String secret = keyVault.aad().registry().registerApp(KeyVaultDemo.TENANT_ID, appId, name,
        Instant.now().plus(Duration.ofDays(300))).secretText();
    graph.access().addOwner(appId, KeyVaultDemo.OPERATOR_CLIENT_ID);
    user.resource(new SecretBuilder().withNewMetadata().withName(name + "-sp").withNamespace(namespace).endMetadata()
        .withStringData(Map.of("clientId", appId, "clientSecret", secret)).build()).create();
    String yaml = """
        apiVersion: keyrotation.io/v1alpha1
        kind: ServicePrincipalRotation
        metadata: {name: %s, namespace: %s}
        spec:
          tenantId: %s
          application: {clientId: %s}
          rotateBefore: P30D
          secretLifetime: P365D
          gracePeriod: PT1H
          graphCredentials:
            type: ClientSecret
            secretRef: {name: operator-azure}
          verification: {vaultUrl: "%s", keyName: %s}
          targets:
            kubernetesSecrets:
              - {name: %s-sp, key: clientSecret}
        """.formatted(name, namespace, KeyVaultDemo.TENANT_ID, appId, url(keyVault.primary().vaultUrl()), KeyVaultDemo.FIRST_KEY, name);
    return Serialization.unmarshal(yaml, ServicePrincipalRotation.class);
  }

  long graphRequests() {
    return graph.requests().size();
  }

  private static String url(java.net.URI vault) {
    return vault.toString().replaceAll("/$", "");
  }

  @Override
  public void close() {
    try {
      graph.close();
    } finally {
      azurite.close();
    }
  }
}

package io.keyrotation.operator.soak;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.principal.ServicePrincipalRotation;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.sandbox.keyvault.KeyVaultDemo;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.sqlserver.SqlServerDemo;
import io.keyrotation.sandbox.sqlserver.SqlServerStandIn;
import java.util.HashMap;
import java.util.List;

/**
 * The three resources of a soak run, as a user writes them: a TdeKeyPolicy over both replicas, a
 * VaultBackupSchedule of its vault with the other vault as standby, and a ServicePrincipalRotation of
 * the connector's application whose targets include the TDE credential.
 */
final class SoakResources {
  static final String POLICY = "sales-tde";
  static final String SCHEDULE = "tde-backups";
  static final String ROTATION = "ekm-connector";
  static final String ROTATE_NOW = "keyrotation.io/rotate-now";
  static final String BACKUP_NOW = "keyrotation.io/backup-now";

  private final SoakWorld world;

  SoakResources(SoakWorld world) {
    this.world = world;
  }

  void applyAll() {
    world.user().resource(policy(world.primary(), "westeurope")).create();
    // Backed up once as soon as it exists, as a user would before relying on it.
    world.user().resource(newSchedule()).create();
    annotate(VaultBackupSchedule.class, SCHEDULE, BACKUP_NOW, "initial");
    world.user().resource(newRotation()).create();
  }

  TdeKeyPolicy policy() {
    return world.user().resources(TdeKeyPolicy.class).inNamespace(SoakWorld.NS).withName(POLICY).get();
  }

  VaultBackupSchedule schedule() {
    return world.user().resources(VaultBackupSchedule.class).inNamespace(SoakWorld.NS).withName(SCHEDULE).get();
  }

  ServicePrincipalRotation rotation() {
    return world.user().resources(ServicePrincipalRotation.class).inNamespace(SoakWorld.NS).withName(ROTATION).get();
  }

  List<CustomResource<?, ?>> all() {
    return List.of(policy(), schedule(), rotation());
  }

  /** As {@code kubectl annotate --overwrite}: the annotation a user sets to ask for work now. */
  <R extends CustomResource<?, ?>> void annotate(Class<R> kind, String name, String annotation, String value) {
    world.user().resources(kind).inNamespace(SoakWorld.NS).withName(name).edit(r -> {
      var annotations = new HashMap<>(r.getMetadata().getAnnotations() == null ? java.util.Map.<String, String>of()
          : r.getMetadata().getAnnotations());
      annotations.put(annotation, value);
      r.getMetadata().setAnnotations(annotations);
      return r;
    });
  }

  /** Microsoft's failover procedure, the user's part: spec.vault and the credential's IDENTITY name the other vault. */
  void pointPolicyAt(KeyVaultStandIn vault, String region) {
    TdeKeyPolicy wanted = policy(vault, region);
    world.user().resources(TdeKeyPolicy.class).inNamespace(SoakWorld.NS).withName(POLICY).edit(p -> {
      p.setSpec(wanted.getSpec());
      return p;
    });
  }

  private TdeKeyPolicy policy(KeyVaultStandIn vault, String region) {
    StringBuilder yaml = new StringBuilder("""
        apiVersion: keyrotation.io/v1alpha1
        kind: TdeKeyPolicy
        metadata:
          name: %s
          namespace: %s
        spec:
          vault:
            url: %s
            region: %s
          key:
            namePrefix: sqltde
            currentKeyName: %s
          sqlServer:
            instances:
        """.formatted(POLICY, SoakWorld.NS, url(vault), region, KeyVaultDemo.FIRST_KEY));
    for (SqlServerStandIn server : world.sql) {
      yaml.append("    -\n").append(instance(server, "      "));
    }
    yaml.append("""
          ekmCredential:
            identity: %s
            servicePrincipalSecretRef:
              name: ekm-connector
          azureCredentials:
            type: ClientSecret
            secretRef:
              name: operator-azure
        """.formatted(vault.name()));
    return Serialization.unmarshal(yaml.toString(), TdeKeyPolicy.class);
  }

  private VaultBackupSchedule newSchedule() {
    String yaml = """
        apiVersion: keyrotation.io/v1alpha1
        kind: VaultBackupSchedule
        metadata:
          name: %s
          namespace: %s
        spec:
          schedule: "0 3 * * *"
          source:
            vault: {url: "%s", region: westeurope, subscriptionId: %s}
            keys: {namePrefix: sqltde}
          archive:
            blob: {containerUrl: "%s", prefix: "%s"}
          standbyVaults:
            - {url: "%s", region: northeurope, subscriptionId: %s}
          azureCredentials:
            type: ClientSecret
            secretRef: {name: operator-azure}
        """.formatted(SCHEDULE, SoakWorld.NS, url(world.primary()), KeyVaultDemo.SUBSCRIPTION_ID, world.container, SCHEDULE,
        url(world.standby()), KeyVaultDemo.SUBSCRIPTION_ID);
    return Serialization.unmarshal(yaml, VaultBackupSchedule.class);
  }

  private ServicePrincipalRotation newRotation() {
    StringBuilder yaml = new StringBuilder("""
        apiVersion: keyrotation.io/v1alpha1
        kind: ServicePrincipalRotation
        metadata:
          name: %s
          namespace: %s
        spec:
          tenantId: %s
          application:
            clientId: %s
          rotateBefore: P30D
          secretLifetime: P365D
          gracePeriod: PT1M
          graphCredentials:
            type: ClientSecret
            secretRef:
              name: operator-azure
          verification:
            vaultUrl: %s
            keyName: %s
          targets:
            kubernetesSecrets:
              - name: ekm-connector
                key: clientSecret
            sqlServerCredentials:
        """.formatted(ROTATION, SoakWorld.NS, KeyVaultDemo.TENANT_ID, KeyVaultDemo.EKM_CLIENT_ID, url(world.primary()),
        KeyVaultDemo.FIRST_KEY));
    for (SqlServerStandIn server : world.sql) {
      yaml.append("      - instance:\n").append(instance(server, "          "))
          .append("        credentialNames:\n          - ").append(SqlServerDemo.TDE_CREDENTIAL).append('\n');
    }
    return Serialization.unmarshal(yaml.toString(), ServicePrincipalRotation.class);
  }

  /** One SQL Server instance's connection fields, each YAML line indented by {@code indent}. */
  private static String instance(SqlServerStandIn server, String indent) {
    return """
        name: %s
        host: %s
        port: %d
        tls:
          hostNameInCertificate: localhost
          caCertificateRef:
            configMapName: sql-ca
        loginSecretRef:
          name: sql-login
        """.formatted(server.instance().name(), server.host(), server.port()).lines().map(l -> indent + l + "\n")
        .collect(java.util.stream.Collectors.joining());
  }

  private static String url(KeyVaultStandIn vault) {
    return vault.vaultUrl().toString().replaceAll("/$", "");
  }
}

package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.backup.BackupStandIns;
import io.keyrotation.sandbox.keyvault.KeyPermission;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.RecordedRequest;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two replicas started at once, as a Deployment with two pods does. Each signs in to Azure as its own application
 * (DefaultAzureCredential from its environment, as a pod's workload identity would), so the Key Vault stand-ins' request
 * logs tell who called, by identity and by the User-Agent that names the replica (its POD_NAME): every request came
 * from the replica holding the Lease, none from the standby; after the leader dies, the standby takes the Lease and from
 * then on the calls are its own. OnlyTheLeaderTalksToSqlServerAndGraphTest does the same where all replicas share one
 * identity: SQL Server and Graph.
 */
class OnlyTheLeaderActsTest {
  static final String NAMESPACE = "keyrotation-system";
  static final String NS = "backups";
  static final Duration PATIENCE = Duration.ofSeconds(90);
  static final Map<String, String> APPS = Map.of(
      "keyrotation-operator-6b4f-a", "a11ce000-0000-4000-8000-00000000e001",
      "keyrotation-operator-6b4f-b", "b0b00000-0000-4000-8000-00000000e002");

  @Test
  void onlyTheLeaseHolderCallsKeyVaultAndTheStandbyTakesOverWhenItDies() throws Exception {
    try (BackupStandIns standIns = new BackupStandIns(); KubernetesStandIn kubernetes = KubernetesStandIn.start()) {
      kubernetes.applyCrds(Path.of("../crds"));
      KubernetesClient user = kubernetes.client();
      user.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
      KeyVaultStandIn source = standIns.startVault("kv-weu-leader", "westeurope");
      KeyVaultStandIn standby = standIns.startVault("kv-neu-leader", "northeurope");
      source.createKey("tde-a", false, 2048, Map.of());
      source.createKey("tde-b", false, 2048, Map.of());
      Map<String, String> secrets = new HashMap<>();
      APPS.forEach((pod, app) -> {
        secrets.put(pod, standIns.registry.registerApp(BackupStandIns.TENANT, app, pod, Instant.now().plus(Duration.ofDays(30)))
            .secretText());
        for (KeyVaultStandIn vault : List.of(source, standby)) {
          vault.grant(app, KeyPermission.GET, KeyPermission.LIST, KeyPermission.BACKUP, KeyPermission.RESTORE);
        }
      });
      URI container = standIns.newContainer();
      Path dir = Path.of("target", "e2e-only-leader");
      Path kubeconfig = kubernetes.writeKubeconfig(dir.resolve("kubeconfig").toAbsolutePath());

      try (OperatorProcess a = replica(standIns, kubeconfig, dir, "keyrotation-operator-6b4f-a", secrets);
           OperatorProcess b = replica(standIns, kubeconfig, dir, "keyrotation-operator-6b4f-b", secrets)) {
        Lease held = await().atMost(PATIENCE).until(() -> lease(user), l -> l != null && l.getSpec().getHolderIdentity() != null);
        String leaderPod = held.getSpec().getHolderIdentity();
        String standbyPod = leaderPod.endsWith("-a") ? "keyrotation-operator-6b4f-b" : "keyrotation-operator-6b4f-a";
        OperatorProcess leader = leaderPod.endsWith("-a") ? a : b;

        user.resource(schedule(source, standby, container, "first")).create();
        await().atMost(PATIENCE).until(() -> finished(user, "first"));
        assertThat(callers(source, standby)).as("Key Vault callers while %s leads", leaderPod).containsExactly(APPS.get(leaderPod));
        assertThat(replicasNamed(source, standby)).as("replicas named by the User-Agent while %s leads", leaderPod)
            .containsExactly(leaderPod);

        leader.killAbruptly();
        await().atMost(PATIENCE).until(() -> lease(user), l -> standbyPod.equals(l.getSpec().getHolderIdentity()));
        source.clearRequests();
        standby.clearRequests();
        user.resources(VaultBackupSchedule.class).inNamespace(NS).withName("leader-only")
            .edit(s -> {
              s.getMetadata().getAnnotations().put("keyrotation.io/backup-now", "second");
              return s;
            });
        await().atMost(PATIENCE).until(() -> finished(user, "second"));
        assertThat(callers(source, standby)).as("Key Vault callers after the takeover").containsExactly(APPS.get(standbyPod));
        assertThat(replicasNamed(source, standby)).as("replicas named by the User-Agent after the takeover")
            .containsExactly(standbyPod);
      }
    }
  }

  private static Set<String> callers(KeyVaultStandIn... vaults) {
    return java.util.Arrays.stream(vaults).flatMap(v -> v.requests().stream()).map(RecordedRequest::clientId)
        .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
  }

  /** The replica each authenticated request's User-Agent names ({@code <unnamed>}: none). */
  private static Set<String> replicasNamed(KeyVaultStandIn... vaults) {
    return java.util.Arrays.stream(vaults).flatMap(v -> v.requests().stream()).filter(r -> r.clientId() != null)
        .map(r -> {
          java.util.regex.Matcher m = java.util.regex.Pattern.compile("^keyrotation-operator \\(instance ([^)]+)\\)")
              .matcher(r.userAgent() == null ? "" : r.userAgent());
          return m.find() ? m.group(1) : "<unnamed>";
        }).collect(Collectors.toSet());
  }

  private static boolean finished(KubernetesClient user, String trigger) {
    VaultBackupSchedule s = user.resources(VaultBackupSchedule.class).inNamespace(NS).withName("leader-only").get();
    return s != null && s.getStatus() != null && s.getStatus().activeRun() == null && s.getStatus().lastRun() != null
        && ("manual:" + trigger).equals(s.getStatus().lastRun().trigger());
  }

  private static OperatorProcess replica(BackupStandIns standIns, Path kubeconfig, Path dir, String podName,
                                         Map<String, String> secrets) {
    Map<String, String> env = new HashMap<>();
    env.put("POD_NAMESPACE", NAMESPACE);
    env.put("KEYROTATION_LEADER_ELECTION", "true");
    env.put("POD_NAME", podName);
    env.put("AZURE_TENANT_ID", BackupStandIns.TENANT);
    env.put("AZURE_CLIENT_ID", APPS.get(podName));
    env.put("AZURE_CLIENT_SECRET", secrets.get(podName));
    env.put("AZURE_AUTHORITY_HOST", standIns.aad.authorityHost().toString());
    env.put("KEYROTATION_EXTRA_CA_FILE", standIns.caFile.toString());
    env.put("KEYROTATION_KEYVAULT_DISABLE_CHALLENGE_RESOURCE_VERIFICATION", "true");
    env.put("KEYROTATION_AZURE_DISABLE_INSTANCE_DISCOVERY", "true");
    return OperatorProcess.start(kubeconfig, dir.resolve(podName + ".log"), env);
  }

  private static Lease lease(KubernetesClient user) {
    return user.leases().inNamespace(NAMESPACE).withName(LeaderTakeoverTest.LEASE).get();
  }

  private static VaultBackupSchedule schedule(KeyVaultStandIn source, KeyVaultStandIn standby, URI container, String trigger) {
    return Serialization.unmarshal("""
        apiVersion: keyrotation.io/v1alpha1
        kind: VaultBackupSchedule
        metadata:
          name: leader-only
          namespace: %s
          annotations: {keyrotation.io/backup-now: "%s"}
        spec:
          schedule: "0 3 1 1 *"
          source:
            vault: {url: "%s", region: westeurope, subscriptionId: %s}
          archive:
            blob: {containerUrl: "%s"}
          standbyVaults:
            - {url: "%s", region: northeurope, subscriptionId: %s}
        """.formatted(NS, trigger, source.vaultUrl(), BackupStandIns.SUBSCRIPTION, container, standby.vaultUrl(),
        BackupStandIns.SUBSCRIPTION), VaultBackupSchedule.class);
  }
}

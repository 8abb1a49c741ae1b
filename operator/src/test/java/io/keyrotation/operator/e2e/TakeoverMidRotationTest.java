package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The whole sandbox (SandboxMain as its own process) and two operator replicas: a rotation stops, as the planner
 * wants, between creating the vault key and registering it, because the maintenance window opens a little later;
 * the leader is killed there; the standby takes the Lease and, from what status recorded alone, finishes the rotation
 * with the key the dead leader created.
 */
class TakeoverMidRotationTest {
  static final String NS = "tde-takeover";
  static final Duration PATIENCE = Duration.ofSeconds(90);

  @Test
  void standbyFinishesTheRotationTheKilledLeaderStarted() throws Exception {
    Path state = Path.of("target", "e2e-takeover-rotation", String.valueOf(System.currentTimeMillis())).toAbsolutePath();
    Files.createDirectories(state);
    Process sandbox = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "io.keyrotation.sandbox.SandboxMain", "--state-dir=" + state,
        "--crds=" + Path.of("../crds").toAbsolutePath())
        .redirectErrorStream(true).redirectOutput(state.resolve("sandbox.log").toFile()).start();
    try {
      await().atMost(PATIENCE).until(() -> Files.exists(state.resolve("sandbox.env")) || !sandbox.isAlive());
      assertThat(sandbox.isAlive()).as("sandbox running").isTrue();
      Map<String, String> env = new HashMap<>(readEnv(state.resolve("sandbox.env")));
      Map<String, String> secrets = new HashMap<>(readEnv(state.resolve("keyvault-demo.env")));
      secrets.putAll(readEnv(state.resolve("sqlserver-demo.env")));
      Path kubeconfig = Path.of(env.get("KUBECONFIG"));
      try (KubernetesClient user = new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
        applyPolicy(user, env, secrets, vaultName(state.resolve("sandbox.log")));
        try (OperatorProcess a = replica(kubeconfig, state, env, "keyrotation-operator-a");
             OperatorProcess b = replica(kubeconfig, state, env, "keyrotation-operator-b")) {
          await().atMost(PATIENCE).until(() -> "KeyActive".equals(readyReason(policy(user))));

          user.genericKubernetesResources("keyrotation.io/v1alpha1", "TdeKeyPolicy").inNamespace(NS).withName("takeover")
              .edit(p -> { p.getMetadata().getAnnotations().put("keyrotation.io/rotate-now", "takeover-1"); return p; });
          GenericKubernetesResource waiting = await().atMost(PATIENCE).until(() -> policy(user),
              p -> "RegisterOnInstances".equals(path(p, "status", "rotation", "step")) && path(p, "status", "rotation", "targetKeyId") != null);
          String createdByLeader = path(waiting, "status", "rotation", "targetKeyName");

          Lease held = lease(user);
          OperatorProcess leader = held.getSpec().getHolderIdentity().endsWith("-a") ? a : b;
          String standby = leader == a ? "keyrotation-operator-b" : "keyrotation-operator-a";
          leader.killAbruptly();
          await().atMost(Duration.ofSeconds(held.getSpec().getLeaseDurationSeconds() + 10L))
              .until(() -> standby.equals(lease(user).getSpec().getHolderIdentity()));

          GenericKubernetesResource rotated = await().atMost(Duration.ofMinutes(4)).until(() -> policy(user),
              p -> "takeover-1".equals(path(p, "status", "lastManualTrigger")) && path(p, "status", "rotation", "step") == null
                  && createdByLeader.equals(path(p, "status", "activeKey", "keyName")));

          assertThat(path(rotated, "status", "activeKey", "keyName")).isEqualTo(createdByLeader);
          assertThat(Serialization.asJson(rotated.getAdditionalProperties().get("status")))
              .contains("\"previousKeys\"").contains("sqltde-initial");
          assertThat(leader.isAlive()).isFalse();
          for (String secret : secrets.entrySet().stream().filter(e -> e.getKey().contains("SECRET")
              || e.getKey().contains("PASSWORD")).map(Map.Entry::getValue).toList()) {
            assertThat(a.log() + b.log()).doesNotContain(secret);
          }
        }
      }
    } finally {
      sandbox.destroy();
      if (!sandbox.waitFor(10, TimeUnit.SECONDS)) {
        sandbox.destroyForcibly();
      }
    }
  }

  private static OperatorProcess replica(Path kubeconfig, Path state, Map<String, String> env, String podName) {
    Map<String, String> operatorEnv = new HashMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith("KEYROTATION_") || k.equals("AZURE_AUTHORITY_HOST")) {
        operatorEnv.put(k, v);
      }
    });
    operatorEnv.put("POD_NAMESPACE", "keyrotation-system");
    operatorEnv.put("KEYROTATION_LEADER_ELECTION", "true");
    operatorEnv.put("HOSTNAME", podName);
    return OperatorProcess.start(kubeconfig, state.resolve(podName + ".log"), operatorEnv);
  }

  /**
   * Secrets, the CA and a policy adopting sqltde-initial whose maintenance window opens two to three minutes from now:
   * time for adoption, the vault key and the takeover on a busy machine.
   */
  private static void applyPolicy(KubernetesClient user, Map<String, String> env, Map<String, String> secrets, String vault)
      throws IOException {
    ZonedDateTime opens = ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(3).truncatedTo(ChronoUnit.MINUTES);
    String caPem = Files.readString(Path.of(env.get("SQLSERVER_CA_FILE")));
    String yaml = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: %1$s}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: operator-azure, namespace: %1$s}
        stringData: {tenantId: "%2$s", clientId: "%3$s", clientSecret: "%4$s"}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: ekm-connector, namespace: %1$s}
        stringData: {tenantId: "%2$s", clientId: "%5$s", clientSecret: "%6$s"}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: sql-login, namespace: %1$s}
        stringData: {username: "%7$s", password: "%8$s"}
        ---
        apiVersion: keyrotation.io/v1alpha1
        kind: TdeKeyPolicy
        metadata: {name: takeover, namespace: %1$s}
        spec:
          vault: {url: "%9$s", region: westeurope}
          key: {namePrefix: sqltde, currentKeyName: sqltde-initial}
          rotation:
            interval: P365D
            maintenanceWindow: {schedule: "%10$d %11$d * * *", duration: PT30M, timeZone: UTC}
          sqlServer:
            instances:
              - name: sql-0
                host: "%12$s"
                port: %13$s
                tls: {encrypt: Mandatory, caCertificateRef: {configMapName: sql-server-ca}}
                loginSecretRef: {name: sql-login}
          ekmCredential:
            identity: "%14$s"
            servicePrincipalSecretRef: {name: ekm-connector}
          azureCredentials:
            type: ClientSecret
            secretRef: {name: operator-azure}
        """.formatted(NS, secrets.get("AZURE_TENANT_ID"), secrets.get("AZURE_CLIENT_ID"), secrets.get("AZURE_CLIENT_SECRET"),
        secrets.get("EKM_CLIENT_ID"), secrets.get("EKM_CLIENT_SECRET"), secrets.get("SQLSERVER_USERNAME"),
        secrets.get("SQLSERVER_PASSWORD"), env.get("KEYVAULT_PRIMARY_URL").replaceAll("/+$", ""), opens.getMinute(),
        opens.getHour(), env.get("SQLSERVER_HOST"), env.get("SQLSERVER_PORT"), vault);
    user.load(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))).items()
        .forEach(o -> user.resource(o).createOr(existing -> existing.update()));
    user.configMaps().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("sql-server-ca").withNamespace(NS).endMetadata()
        .addToData("ca.crt", caPem).build()).createOr(existing -> existing.update());
  }

  private static String vaultName(Path sandboxLog) throws IOException {
    Matcher m = Pattern.compile("Key Vault \\(primary\\): .*name=(\\S+)").matcher(Files.readString(sandboxLog));
    assertThat(m.find()).as("the primary vault's name in the sandbox log").isTrue();
    return m.group(1);
  }

  private static Map<String, String> readEnv(Path file) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  private static GenericKubernetesResource policy(KubernetesClient user) {
    return user.genericKubernetesResources("keyrotation.io/v1alpha1", "TdeKeyPolicy").inNamespace(NS).withName("takeover").get();
  }

  private static Lease lease(KubernetesClient user) {
    return user.leases().inNamespace("keyrotation-system").withName("keyrotation-operator-leader").get();
  }

  private static String readyReason(GenericKubernetesResource p) {
    var ready = ReadyCondition.of(p);
    return ready == null ? null : ready.getReason();
  }

  /** A string at a path of nested maps, or null. */
  private static String path(GenericKubernetesResource resource, String... keys) {
    Object node = resource == null ? null : resource.getAdditionalProperties();
    for (String key : keys) {
      node = node instanceof Map<?, ?> map ? map.get(key) : null;
    }
    return node == null ? null : node.toString();
  }
}

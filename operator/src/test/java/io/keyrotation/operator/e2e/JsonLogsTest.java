package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code KEYROTATION_LOG_FORMAT=json} every line the operator prints is one JSON object a log pipeline can index,
 * with the resource, the workflow step, the failure's reason and the external call (and its request id) in the MDC.
 */
class JsonLogsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String STEPS_NS = "tde-json-logs";

  @Test
  void logsOneJsonObjectPerLineWithTheResourceAndReasonInTheMdc() throws IOException {
    try (KubernetesStandIn kubernetes = KubernetesStandIn.start()) {
      kubernetes.applyCrds(Path.of("../crds"));
      Path dir = Path.of("target", "e2e-json-logs");
      Path kubeconfig = kubernetes.writeKubeconfig(dir.resolve("kubeconfig").toAbsolutePath());
      try (OperatorProcess operator = OperatorProcess.start(kubeconfig, dir.resolve("operator.log"), Map.of(
          "POD_NAMESPACE", "keyrotation-system", "KEYROTATION_LEADER_ELECTION", "false", "KEYROTATION_LOG_FORMAT", "json"))) {
        List<HasMetadata> applied = LeaderTakeoverTest.apply(kubernetes.client(),
            Path.of("../examples/00-namespace-and-secrets.yaml"),
            Path.of("../demo/invalid/vaultbackupschedule-standby-in-other-geography.yaml"));
        HasMetadata invalid = applied.get(applied.size() - 1);

        JsonNode line = await().atMost(Duration.ofSeconds(60)).until(() -> parse(operator.logLines()).stream()
            .filter(l -> "InvalidSpec".equals(l.path("mdc").path("reason").asText())).findFirst().orElse(null),
            l -> l != null);

        assertThat(line.path("level").asText()).isEqualTo("WARN");
        assertThat(line.path("mdc").path("resource.kind").asText()).isEqualTo("VaultBackupSchedule");
        assertThat(line.path("mdc").path("resource.namespace").asText()).isEqualTo(invalid.getMetadata().getNamespace());
        assertThat(line.path("mdc").path("resource.name").asText()).isEqualTo(invalid.getMetadata().getName());
        assertThat(line.path("formattedMessage").asText()).contains("spec.standbyVaults[0].region");
        assertThat(line.path("timestamp").asLong()).isPositive();
        assertThat(operator.log()).doesNotContain("change-me");
      }
    }
  }

  /**
   * A rotation whose operator identity may not create keys: its CreateVaultKey step fails with Key Vault's 403, and
   * the line says which step, why, and which call with the request id Key Vault returned. Given an identity that may,
   * the same step succeeds and the next one runs T-SQL; their lines name their last call the same way.
   */
  @Test
  void stepLinesCarryTheStepTheReasonAndTheExternalCallWithItsRequestId() throws IOException {
    Path state = Path.of("target", "e2e-json-logs-steps", String.valueOf(System.currentTimeMillis())).toAbsolutePath();
    try (SandboxProcess sandbox = SandboxProcess.start(state);
         KubernetesClient user = new KubernetesClientBuilder()
             .withConfig(Config.fromKubeconfig(Files.readString(sandbox.kubeconfig()))).build()) {
      Map<String, String> secrets = sandbox.secrets();
      apply(user, policyManifests(sandbox, secrets.get("EKM_CLIENT_ID"), secrets.get("EKM_CLIENT_SECRET")));
      Map<String, String> env = new HashMap<>(sandbox.operatorEnv());
      env.putAll(Map.of("POD_NAMESPACE", "keyrotation-system", "KEYROTATION_LEADER_ELECTION", "false",
          "KEYROTATION_LOG_FORMAT", "json"));
      try (OperatorProcess operator = OperatorProcess.start(sandbox.kubeconfig(), state.resolve("operator.log"), env)) {
        await().atMost(Duration.ofSeconds(90)).until(() -> "KeyActive".equals(readyReason(user)));
        user.genericKubernetesResources("keyrotation.io/v1alpha1", "TdeKeyPolicy").inNamespace(STEPS_NS).withName("logged")
            .edit(p -> { p.getMetadata().getAnnotations().put("keyrotation.io/rotate-now", "json-logs-1"); return p; });

        JsonNode failed = await().atMost(Duration.ofSeconds(90)).until(() -> stepLine(operator, "CreateVaultKey", "WARN"),
            l -> l != null);
        JsonNode mdc = failed.path("mdc");
        assertThat(mdc.path("resource.kind").asText()).isEqualTo("TdeKeyPolicy");
        assertThat(mdc.path("resource.namespace").asText()).isEqualTo(STEPS_NS);
        assertThat(mdc.path("resource.name").asText()).isEqualTo("logged");
        assertThat(mdc.path("reason").asText()).isEqualTo("Forbidden");
        assertThat(mdc.path("call.system").asText()).isEqualTo("keyvault");
        assertThat(mdc.path("call.operation").asText()).isEqualTo("create");
        assertThat(mdc.path("call.outcome").asText()).isEqualTo("Forbidden");
        assertThat(mdc.path("call.requestId").asText()).isNotBlank();
        assertThat(mdc.path("call.clientRequestId").asText()).isNotBlank();
        assertThat(failed.path("formattedMessage").asText()).contains("CreateVaultKey")
            .contains(mdc.path("call.requestId").asText());

        // The operator's own identity, which may create keys: the Secret's change ends the wait for a fix.
        user.secrets().inNamespace(STEPS_NS).withName("operator-azure").edit(s -> {
          s.setData(null);
          s.setStringData(Map.of("tenantId", secrets.get("AZURE_TENANT_ID"), "clientId", secrets.get("AZURE_CLIENT_ID"),
              "clientSecret", secrets.get("AZURE_CLIENT_SECRET")));
          return s;
        });
        JsonNode created = await().atMost(Duration.ofSeconds(90)).until(() -> stepLine(operator, "CreateVaultKey", "INFO"),
            l -> l != null);
        assertThat(created.path("mdc").path("call.system").asText()).isEqualTo("keyvault");
        assertThat(created.path("mdc").path("call.requestId").asText()).isNotBlank()
            .isNotEqualTo(mdc.path("call.requestId").asText());
        assertThat(created.path("mdc").has("reason")).isFalse();

        JsonNode registered = await().atMost(Duration.ofSeconds(90))
            .until(() -> stepLine(operator, "RegisterOnInstances", "INFO"), l -> l != null);
        assertThat(registered.path("mdc").path("resource.name").asText()).isEqualTo("logged");
        assertThat(registered.path("mdc").path("call.system").asText()).isEqualTo("sqlserver");
        assertThat(registered.path("mdc").path("call.outcome").asText()).isEqualTo("success");

        for (String secret : secrets.entrySet().stream().filter(e -> e.getKey().contains("SECRET")
            || e.getKey().contains("PASSWORD")).map(Map.Entry::getValue).toList()) {
          assertThat(operator.log()).doesNotContain(secret);
        }
      }
    }
  }

  @Test
  void anUnknownLogFormatStopsTheOperatorWithExitCode2NamingTheVariable(@TempDir Path dir) throws Exception {
    try (OperatorProcess operator = OperatorProcess.start(dir.resolve("no-kubeconfig"), dir.resolve("operator.log"),
        Map.of("KEYROTATION_LOG_FORMAT", "xml"))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> !operator.isAlive());

      assertThat(operator.terminate(Duration.ofSeconds(1))).hasValue(2);
      assertThat(operator.log()).contains("KEYROTATION_LOG_FORMAT must be one of [json, text], not 'xml'");
    }
  }

  /** The first line the step scope wrote for {@code step} at {@code level}, or null. */
  private static JsonNode stepLine(OperatorProcess operator, String step, String level) throws IOException {
    return parse(operator.logLines()).stream()
        .filter(l -> step.equals(l.path("mdc").path("step").asText()) && level.equals(l.path("level").asText())
            && l.path("loggerName").asText().endsWith(".StepScope"))
        .findFirst().orElse(null);
  }

  private static String readyReason(KubernetesClient user) {
    var policy = user.genericKubernetesResources("keyrotation.io/v1alpha1", "TdeKeyPolicy").inNamespace(STEPS_NS)
        .withName("logged").get();
    var ready = ReadyCondition.of(policy);
    return ready == null ? null : ready.getReason();
  }

  private static void apply(KubernetesClient user, String yaml) {
    user.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items()
        .forEach(o -> user.resource(o).createOr(existing -> existing.update()));
  }

  /** Secrets, the sandbox CA and a policy adopting sqltde-initial; the operator signs in as {@code clientId}. */
  private static String policyManifests(SandboxProcess sandbox, String clientId, String clientSecret) throws IOException {
    Map<String, String> env = sandbox.env();
    Map<String, String> secrets = sandbox.secrets();
    String ca = Files.readString(Path.of(env.get("SQLSERVER_CA_FILE"))).indent(4);
    return """
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
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: sql-server-ca, namespace: %1$s}
        data:
          ca.crt: |
        %13$s
        ---
        apiVersion: keyrotation.io/v1alpha1
        kind: TdeKeyPolicy
        metadata: {name: logged, namespace: %1$s}
        spec:
          vault: {url: "%9$s", region: westeurope}
          key: {namePrefix: sqltde, currentKeyName: sqltde-initial}
          rotation: {interval: P365D}
          sqlServer:
            instances:
              - name: sql-0
                host: "%10$s"
                port: %11$s
                tls: {encrypt: Mandatory, caCertificateRef: {configMapName: sql-server-ca}}
                loginSecretRef: {name: sql-login}
          ekmCredential:
            identity: "%12$s"
            servicePrincipalSecretRef: {name: ekm-connector}
          azureCredentials:
            type: ClientSecret
            secretRef: {name: operator-azure}
        """.formatted(STEPS_NS, secrets.get("AZURE_TENANT_ID"), clientId, clientSecret, secrets.get("EKM_CLIENT_ID"),
        secrets.get("EKM_CLIENT_SECRET"), secrets.get("SQLSERVER_USERNAME"), secrets.get("SQLSERVER_PASSWORD"),
        env.get("KEYVAULT_PRIMARY_URL").replaceAll("/+$", ""), env.get("SQLSERVER_HOST"), env.get("SQLSERVER_PORT"),
        sandbox.primaryVaultName(), ca.stripTrailing());
  }

  /** Every line, parsed: one that is not a JSON object fails the test. */
  private static List<JsonNode> parse(List<String> lines) {
    return lines.stream().filter(l -> !l.isBlank()).map(l -> {
      try {
        JsonNode node = JSON.readTree(l);
        assertThat(node.isObject()).as("log line %s", l).isTrue();
        return node;
      } catch (IOException e) {
        throw new UncheckedIOException("not a JSON log line: " + l, e);
      }
    }).toList();
  }
}

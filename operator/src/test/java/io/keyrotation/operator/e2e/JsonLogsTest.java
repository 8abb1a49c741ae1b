package io.keyrotation.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code KEYROTATION_LOG_FORMAT=json} every line the operator prints is one JSON object a log pipeline can index. */
class JsonLogsTest {
  static final ObjectMapper JSON = new ObjectMapper();

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

  @Test
  void anUnknownLogFormatStopsTheOperatorWithExitCode2NamingTheVariable(@TempDir Path dir) throws Exception {
    try (OperatorProcess operator = OperatorProcess.start(dir.resolve("no-kubeconfig"), dir.resolve("operator.log"),
        Map.of("KEYROTATION_LOG_FORMAT", "xml"))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> !operator.isAlive());

      assertThat(operator.terminate(Duration.ofSeconds(1))).hasValue(2);
      assertThat(operator.log()).contains("KEYROTATION_LOG_FORMAT must be one of [json, text], not 'xml'");
    }
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

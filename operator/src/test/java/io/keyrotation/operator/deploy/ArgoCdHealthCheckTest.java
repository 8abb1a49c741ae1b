package io.keyrotation.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.keyrotation.operator.status.ConditionSet;
import io.keyrotation.operator.status.ConditionSet.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/argocd/health.lua run by Lua 5.1 (Argo CD's gopher-lua implements 5.1; {@code make tools} installs Debian's
 * lua5.1) on objects whose conditions are built by the operator's own {@link ConditionSet}.
 */
class ArgoCdHealthCheckTest {
  static final Path SCRIPT = Path.of("../deploy/argocd/health.lua").toAbsolutePath();
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T02:00:00Z"), ZoneOffset.UTC);

  record Health(String status, String message) {
  }

  @TempDir
  Path dir;

  @BeforeAll
  static void requireLua() throws Exception {
    Process p = new ProcessBuilder("lua5.1", "-v").redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0)
        .as("lua5.1 on the PATH (make tools installs Debian's lua5.1)").isTrue();
  }

  @Test
  void theConfigMapForArgoCdCarriesTheScriptForEachKind() throws IOException {
    ConfigMap cm = Serialization.unmarshal(Files.readString(Path.of("../deploy/argocd/argocd-cm-health.yaml")), ConfigMap.class);
    String script = Files.readString(SCRIPT);
    assertThat(cm.getData()).containsOnlyKeys("resource.customizations.health.keyrotation.io_TdeKeyPolicy",
        "resource.customizations.health.keyrotation.io_VaultBackupSchedule",
        "resource.customizations.health.keyrotation.io_ServicePrincipalRotation");
    assertThat(cm.getData().values()).allSatisfy(embedded -> assertThat(embedded).isEqualTo(script));
  }

  @Test
  void aResourceTheOperatorHasNotSeenYetIsProgressing() throws Exception {
    Health health = run(resource(1, null));
    assertThat(health.status()).isEqualTo("Progressing");
    assertThat(health.message()).contains("generation 1");
  }

  @Test
  void aSpecChangeNotYetObservedIsProgressingEvenIfTheOldOneWasReady() throws Exception {
    ConditionSet conditions = new ConditionSet(null, 1, CLOCK)
        .set(ConditionSet.READY, Status.True, "Rotated", "Key sales-tde-20260301 protects every database.");
    assertThat(run(resource(2, status(1, conditions))).status()).isEqualTo("Progressing");
  }

  @Test
  void readyIsHealthy() throws Exception {
    ConditionSet conditions = new ConditionSet(null, 3, CLOCK)
        .set(ConditionSet.READY, Status.True, "Rotated", "Key sales-tde-20260301 protects every database.")
        .set(ConditionSet.PROGRESSING, Status.False, "Idle", "Next rotation due 2027-03-01.")
        .set(ConditionSet.DEGRADED, Status.False, "Idle", "No failure.");
    assertThat(run(resource(3, status(3, conditions))))
        .isEqualTo(new Health("Healthy", "Rotated: Key sales-tde-20260301 protects every database."));
  }

  @Test
  void anInvalidSpecIsDegradedWithTheOperatorsAdvice() throws Exception {
    ConditionSet conditions = new ConditionSet(null, 1, CLOCK)
        .set(ConditionSet.READY, Status.False, "InvalidSpec", "Fix the spec: spec.standbyVaults[0].region: 'eastus' is in geography UnitedStates");
    Health health = run(resource(1, status(1, conditions)));
    assertThat(health.status()).isEqualTo("Degraded");
    assertThat(health.message()).startsWith("InvalidSpec: Fix the spec: spec.standbyVaults[0].region");
  }

  @Test
  void aFailingStepIsDegradedAndARunningOneProgressing() throws Exception {
    ConditionSet failing = new ConditionSet(null, 1, CLOCK)
        .set(ConditionSet.READY, Status.Unknown, "Rotating", "Rotation in progress.")
        .set(ConditionSet.PROGRESSING, Status.True, "ReEncrypting", "2 of 5 databases re-encrypted.")
        .set(ConditionSet.DEGRADED, Status.True, "Throttled", "Key Vault answered 429; retrying in 30 s.");
    assertThat(run(resource(1, status(1, failing)))).isEqualTo(new Health("Degraded", "Throttled: Key Vault answered 429; retrying in 30 s."));

    ConditionSet running = new ConditionSet(failing.list(), 1, CLOCK)
        .set(ConditionSet.DEGRADED, Status.False, "Recovered", "No failure.");
    assertThat(run(resource(1, status(1, running)))).isEqualTo(new Health("Progressing", "ReEncrypting: 2 of 5 databases re-encrypted."));
  }

  @Test
  void readyUnknownWithNothingRunningIsProgressing() throws Exception {
    ConditionSet conditions = new ConditionSet(null, 1, CLOCK)
        .set(ConditionSet.READY, Status.Unknown, "AwaitingImplementation", "The spec is valid.");
    assertThat(run(resource(1, status(1, conditions))).status()).isEqualTo("Progressing");
  }

  private static ObjectNode resource(long generation, ObjectNode status) {
    ObjectNode object = Serialization.jsonMapper().createObjectNode();
    object.put("apiVersion", "keyrotation.io/v1alpha1").put("kind", "TdeKeyPolicy");
    object.putObject("metadata").put("name", "sales-db").put("namespace", "tde-demo").put("generation", generation);
    object.putObject("spec").putObject("key").put("namePrefix", "sales-tde");
    if (status != null) {
      object.set("status", status);
    }
    return object;
  }

  private static ObjectNode status(long observedGeneration, ConditionSet conditions) {
    ObjectNode status = Serialization.jsonMapper().createObjectNode();
    status.put("observedGeneration", observedGeneration);
    status.set("conditions", Serialization.jsonMapper().valueToTree(conditions.list()));
    return status;
  }

  /** As Argo CD does: the live object as the global {@code obj}, the script's returned table read back. */
  private Health run(JsonNode object) throws Exception {
    Path harness = dir.resolve("harness.lua");
    Files.writeString(harness, "obj = " + lua(object) + "\n"
        + "local hs = assert(loadfile(" + lua(Serialization.jsonMapper().valueToTree(SCRIPT.toString())) + "))()\n"
        + "io.write(hs.status, \"\\n\", hs.message or \"\", \"\\n\")\n");
    Process process = new ProcessBuilder("lua5.1", harness.toString()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    List<String> lines = out.lines().toList();
    return new Health(lines.get(0), lines.size() > 1 ? lines.get(1) : "");
  }

  /** JSON as a Lua table constructor, as gopher-lua's JSON decoding gives it to the script. */
  private static String lua(JsonNode node) {
    if (node.isObject()) {
      StringBuilder table = new StringBuilder("{");
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        table.append("[").append(lua(Serialization.jsonMapper().valueToTree(field.getKey()))).append("]=")
            .append(lua(field.getValue())).append(",");
      }
      return table.append("}").toString();
    } else if (node.isArray()) {
      StringBuilder table = new StringBuilder("{");
      node.forEach(item -> table.append(lua(item)).append(","));
      return table.append("}").toString();
    } else if (node.isTextual()) {
      StringBuilder s = new StringBuilder("\"");
      for (char c : node.asText().toCharArray()) {
        s.append(c == '"' || c == '\\' ? "\\" + c : c == '\n' ? "\\n" : String.valueOf(c));
      }
      return s.append("\"").toString();
    } else if (node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    return "nil";
  }
}

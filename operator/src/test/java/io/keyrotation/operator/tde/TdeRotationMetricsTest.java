package io.keyrotation.operator.tde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.testing.Scrape;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What /metrics says about a real adoption and rotation through the sandbox's Key Vault and SQL Server. */
class TdeRotationMetricsTest {
  static final Duration PATIENCE = Duration.ofSeconds(60);
  TdeSandbox sandbox;

  @BeforeEach
  void start() {
    sandbox = new TdeSandbox(1);
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  @Test
  void exportsTheRotatedPolicysKeyTimesStepsAndExternalCallsWithoutKeyNamesOrThumbprints() {
    sandbox.apply(sandbox.policy("sales"));
    await().atMost(PATIENCE).until(() -> sandbox.get("sales"), p -> p != null && p.getStatus() != null
        && p.getStatus().nextRotationTime() != null);
    sandbox.rotateNow("sales", "metrics");
    TdeKeyPolicy rotated = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> sandbox.get("sales"),
        rotatedOnce());

    Map<String, String> sales = Map.of("kind", "TdeKeyPolicy", "namespace", TdeSandbox.NS, "name", "sales");
    await().atMost(PATIENCE).untilAsserted(() -> {
      Scrape scrape = Scrape.parse(sandbox.harness.metrics().scrape());
      assertThat(scrape.value("keyrotation_next_rotation_timestamp_seconds", sales))
          .contains(seconds(rotated.getStatus().nextRotationTime()));
      assertThat(scrape.value("keyrotation_last_rotation_timestamp_seconds", sales))
          .contains(seconds(rotated.getStatus().lastRotationTime()));
      if (rotated.getStatus().activeKey().createdTime() != null) {
        assertThat(scrape.value("keyrotation_tde_active_key_created_timestamp_seconds", sales))
            .contains(seconds(rotated.getStatus().activeKey().createdTime()));
      }
      assertThat(scrape.value("keyrotation_tde_previous_keys", sales)).contains(1.0);
      assertThat(scrape.value("keyrotation_rotation_in_progress", sales)).contains(0.0);
      assertThat(scrape.value("keyrotation_resource_condition", Map.of("kind", "TdeKeyPolicy", "name", "sales",
          "condition", "Ready", "status", "True"))).contains(1.0);
      assertThat(sum(scrape, "keyrotation_workflow_step_duration_seconds_count", "kind", "TdeKeyPolicy")).isPositive();
      assertThat(sum(scrape, "keyrotation_external_calls_total", "system", "keyvault")).isPositive();
      assertThat(sum(scrape, "keyrotation_external_calls_total", "system", "sqlserver")).isPositive();
      String activeKey = rotated.getStatus().activeKey().keyName();
      String thumbprint = rotated.getStatus().activeKey().thumbprint();
      assertThat(scrape.samples()).allSatisfy(s -> assertThat(s.labels().values()).noneMatch(v ->
          v.contains(activeKey) || (thumbprint != null && v.contains(thumbprint)) || v.contains("sqltde-")));
    });
  }

  private static Predicate<TdeKeyPolicy> rotatedOnce() {
    return p -> p != null && p.getStatus() != null && "metrics".equals(p.getStatus().lastManualTrigger())
        && p.getStatus().rotation() == null && p.getStatus().lastRotationTime() != null;
  }

  private static double sum(Scrape scrape, String name, String label, String value) {
    return scrape.named(name).stream().filter(s -> value.equals(s.labels().get(label))).mapToDouble(Scrape.Sample::value).sum();
  }

  private static double seconds(String rfc3339) {
    return OffsetDateTime.parse(rfc3339).toInstant().toEpochMilli() / 1000.0;
  }
}

package io.keyrotation.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.testing.Scrape;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.testing.ShippedAlerts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OperatorMetricsThroughStandInsTest {
  static MetricsScenario scenario;
  static Scrape scrape;

  @BeforeAll
  static void run() throws Exception {
    scenario = new MetricsScenario().run();
    String text = scenario.get("/metrics");
    // Kept for whoever writes alerts or dashboards: what the operator really exports after the scenario.
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "metrics-after-scenario.txt"), text);
    scrape = Scrape.parse(text);
  }

  @AfterAll
  static void stop() {
    if (scenario != null) {
      scenario.close();
    }
  }

  @Test
  void servesJosdkReconciliationMetricsPerController() {
    assertThat(scrape.names()).anyMatch(n -> n.startsWith("operator_sdk_"));
    assertThat(scrape.samples()).filteredOn(s -> s.name().startsWith("operator_sdk_reconciliations_started"))
        .isNotEmpty();
  }

  @Test
  void exportsTheReadyConditionOfEveryExampleAsItsStatusSays() {
    for (var kindAndName : Map.of("TdeKeyPolicy", "sales-db", "VaultBackupSchedule", "tde-keys-nightly",
        "ServicePrincipalRotation", "ekm-connector").entrySet()) {
      Map<String, String> ready = Map.of("kind", kindAndName.getKey(), "namespace", MetricsScenario.NS,
          "name", kindAndName.getValue(), "condition", "Ready");
      // A workflow may still be writing: compare a fresh scrape with the stored status until both agree.
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        String current = readyStatus(kindAndName.getKey(), kindAndName.getValue());
        Scrape now = scenario.scrape();
        for (String status : StatusSeries.CONDITION_STATUSES) {
          assertThat(now.value(StatusSeries.CONDITION, with(ready, "status", status))).as("%s %s", kindAndName.getKey(), status)
              .contains(status.equals(current) ? 1.0 : 0.0);
        }
      });
    }
  }

  /** The Ready condition's status as stored. */
  static String readyStatus(String kind, String name) {
    GenericKubernetesResource stored = scenario.harness.user().genericKubernetesResources("keyrotation.io/v1alpha1", kind)
        .inNamespace(MetricsScenario.NS).withName(name).get();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> conditions = (List<Map<String, Object>>) ((Map<String, Object>) stored.getAdditionalProperties()
        .get("status")).get("conditions");
    return conditions.stream().filter(c -> "Ready".equals(c.get("type"))).map(c -> (String) c.get("status")).findFirst().orElseThrow();
  }

  @Test
  void exportsTimestampsStepsAndCountsFromWorkflowStatus() {
    Map<String, String> rotated = resource("TdeKeyPolicy", "rotated");
    assertThat(scrape.value(StatusSeries.ACTIVE_KEY_CREATED, rotated)).contains(seconds("2026-12-01T01:00:00Z"));
    assertThat(scrape.value(StatusSeries.NEXT_ROTATION, rotated)).contains(seconds("2027-03-01T02:00:00Z"));
    assertThat(scrape.value(StatusSeries.PREVIOUS_KEYS, rotated)).contains(1.0);
    assertThat(scrape.value(StatusSeries.ROTATION_IN_PROGRESS, rotated)).contains(0.0);

    Map<String, String> rotating = resource("TdeKeyPolicy", "rotating");
    assertThat(scrape.value(StatusSeries.ROTATION_STEP, with(rotating, "step", "ReencryptDatabases"))).contains(1.0);
    assertThat(scrape.value(StatusSeries.ROTATION_STEP, with(rotating, "step", "RegisterOnInstances"))).isEmpty();
    assertThat(scrape.value(StatusSeries.FAILED_ATTEMPTS, rotating)).contains(0.0);
    assertThat(scrape.value("keyrotation_workflow_step_duration_seconds_count",
        Map.of("kind", "TdeKeyPolicy", "step", "RegisterOnInstances"))).contains(1.0);

    Map<String, String> principal = resource("ServicePrincipalRotation", "ekm-app");
    assertThat(scrape.value(StatusSeries.SECRET_EXPIRATION, principal)).contains(seconds("2027-06-01T00:00:00Z"));
    assertThat(scrape.value(StatusSeries.RESTART_PENDING, principal)).contains(1.0);

    Map<String, String> backup = resource("VaultBackupSchedule", "nightly");
    assertThat(scrape.value(StatusSeries.BACKUP_LAST_SUCCESS, backup)).contains(seconds("2026-12-01T01:05:00Z"));
    assertThat(scrape.value(StatusSeries.BACKUP_NEXT_SCHEDULE, backup)).contains(seconds("2026-12-02T01:00:00Z"));
    assertThat(scrape.value(StatusSeries.BACKUP_LAST_RUN_KEYS, with(backup, "result", "failed"))).contains(1.0);
    assertThat(scrape.value(StatusSeries.BACKUP_LAST_RUN_KEYS, with(backup, "result", "backedUp"))).contains(3.0);
  }

  @Test
  void countsAWorkflowFailureByKindAndReason() {
    assertThat(scrape.value("keyrotation_workflow_failures_total", Map.of("kind", "TdeKeyPolicy", "reason", "Forbidden")))
        .contains(1.0);
  }

  @Test
  void countsKeyVaultCallsByOperationAndOutcomeWithThrottlingAndRetries() {
    Map<String, String> get = Map.of("system", "keyvault", "operation", "get");
    assertThat(scrape.value("keyrotation_external_calls_total", with(get, "outcome", "success"))).contains(2.0);
    assertThat(scrape.value("keyrotation_external_calls_total", with(get, "outcome", "NotFound"))).contains(1.0);
    assertThat(scrape.value("keyrotation_external_calls_total", with(get, "outcome", "Throttled"))).contains(1.0);
    assertThat(scrape.value("keyrotation_external_calls_total", with(get, "outcome", "Unauthenticated")))
        .as("Key Vault's 401 challenge before the first token is a handshake, not a failure").isEmpty();
    assertThat(scrape.value("keyrotation_external_throttled_total", get)).contains(1.0);
    assertThat(scrape.value("keyrotation_external_retries_total", get)).contains(1.0);
    assertThat(scrape.value("keyrotation_external_calls_total",
        Map.of("system", "keyvault", "operation", "listVersions", "outcome", "success"))).contains(1.0);
    assertThat(scrape.value("keyrotation_external_call_duration_seconds_count", get)).contains(4.0);
  }

  @Test
  void removesAResourcesGaugesWhenItIsDeleted() {
    TdeKeyPolicy copy = scenario.harness.user().resources(TdeKeyPolicy.class).inNamespace(MetricsScenario.NS)
        .withName("sales-db").get();
    copy.setMetadata(new ObjectMetaBuilder().withName("short-lived").withNamespace(MetricsScenario.NS).build());
    copy.setStatus(null);
    scenario.harness.user().resource(copy).create();
    await().atMost(Duration.ofSeconds(30)).until(() -> scenario.scrape().samples().stream()
        .anyMatch(s -> "short-lived".equals(s.labels().get("name")) && s.name().equals(StatusSeries.CONDITION)));

    scenario.harness.user().resource(copy).delete();

    await().atMost(Duration.ofSeconds(30)).until(() -> scenario.scrape().samples().stream()
        .noneMatch(s -> "short-lived".equals(s.labels().get("name"))));
    assertThat(scenario.scrape().named(StatusSeries.CONDITION)).as("the other policy keeps its series")
        .anyMatch(s -> "sales-db".equals(s.labels().get("name")) && s.value() == 1.0);
  }

  @Test
  void labelValuesAreClosedSetsAndNeverCarryKeyNamesIdsUrlsOrSecrets() {
    Set<String> reasons = Arrays.stream(FailureReason.values()).map(Enum::name).collect(Collectors.toSet());
    Map<String, Set<String>> closed = Map.of(
        "kind", Set.of("TdeKeyPolicy", "VaultBackupSchedule", "ServicePrincipalRotation"),
        "system", Set.of("keyvault", "sqlserver", "graph", "blob"),
        "reason", reasons,
        "status", Set.of("True", "False", "Unknown"));
    Set<String> ours = Set.of("kind", "namespace", "name", "condition", "status", "step", "outcome", "reason", "system",
        "operation", "result", "le");
    assertThat(scrape.samples()).isNotEmpty().allSatisfy(sample -> {
      if (sample.name().startsWith("keyrotation_")) {
        assertThat(ours).as("labels of %s", sample.name()).containsAll(sample.labels().keySet());
        closed.forEach((label, values) -> {
          if (sample.labels().containsKey(label)) {
            assertThat(values).as("%s of %s", label, sample.name()).contains(sample.labels().get(label));
          }
        });
        if (sample.labels().containsKey("outcome")) {
          assertThat(sample.labels().get("outcome")).isIn(union(reasons, Set.of("success")));
        }
      }
      sample.labels().values().forEach(value -> assertThat(value).as("a label of %s", sample.name())
          .doesNotContain(MetricsScenario.KEY, scenario.secret, MetricsScenario.APP, "vault.azure.net", "https://", "abc")
          .doesNotContainPattern("[0-9a-fA-F]{16,}")
          .doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
          .hasSizeLessThanOrEqualTo(80));
    });
  }

  @Test
  void everyMetricTheShippedAlertsReadIsExportedAfterTheScenario() {
    Set<String> exported = scrape.names();
    for (ShippedAlerts.Rule rule : ShippedAlerts.rules()) {
      Set<String> names = ShippedAlerts.metricNames(rule.expr());
      assertThat(names).as(rule.alert()).isNotEmpty();
      for (String name : names) {
        // The backup gauges after real runs: BackupMetricsThroughARealRunTest.
        assertThat(exported).as("%s reads %s", rule.alert(), name).contains(name);
      }
    }
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }

  static Map<String, String> resource(String kind, String name) {
    return Map.of("kind", kind, "namespace", MetricsScenario.WORKFLOW_NS, "name", name);
  }

  static Map<String, String> with(Map<String, String> labels, String key, String value) {
    var copy = new java.util.HashMap<>(labels);
    copy.put(key, value);
    return copy;
  }

  static double seconds(String instant) {
    return Instant.parse(instant).getEpochSecond();
  }
}

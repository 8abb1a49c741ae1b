package io.keyrotation.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicyStatus;
import io.keyrotation.operator.testing.Scrape;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Per-resource series are computed when scraped, from one registration, and follow each status write. */
class ResourceSeriesCollectorTest {
  private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final OperatorMetrics metrics = new OperatorMetrics(Clock.systemUTC());

  @AfterEach
  void close() {
    metrics.close();
  }

  @Test
  void moreResourcesAddSeriesButNoMeters() throws Exception {
    write("first", rotating("ReencryptDatabases"));
    int meters = metrics.registry().getMeters().size();

    for (int i = 0; i < 50; i++) {
      write("policy-" + i, rotating("RegisterOnInstances"));
    }

    assertThat(metrics.registry().getMeters()).hasSize(meters);
    Scrape scrape = Scrape.parse(metrics.scrape());
    assertThat(scrape.named(StatusSeries.ROTATION_STEP)).hasSize(51);
    assertThat(scrape.value(StatusSeries.ROTATION_STEP, labels("policy-49", "step", "RegisterOnInstances"))).contains(1.0);
    assertThat(scrape.value(StatusSeries.CONDITION, labels("policy-7", "condition", "Ready", "status", "Unknown")))
        .contains(1.0);
  }

  @Test
  void aSeriesTheNewStatusNoLongerHasDisappears() throws Exception {
    write("sales-db", rotating("ReencryptDatabases"));
    write("sales-db", rotating("RegisterOnInstances"));

    Scrape scrape = Scrape.parse(metrics.scrape());
    assertThat(scrape.value(StatusSeries.ROTATION_STEP, labels("sales-db", "step", "RegisterOnInstances"))).contains(1.0);
    assertThat(scrape.value(StatusSeries.ROTATION_STEP, labels("sales-db", "step", "ReencryptDatabases"))).isEmpty();
  }

  @Test
  void aForgottenResourceLeavesNoSeriesAndOthersKeepTheirs() throws Exception {
    write("short-lived", rotating("ReencryptDatabases"));
    write("sales-db", rotating("ReencryptDatabases"));

    ((ResourceMetrics) metrics.statusListener()).forget("TdeKeyPolicy", "ns", "short-lived");

    Scrape scrape = Scrape.parse(metrics.scrape());
    assertThat(scrape.samples()).noneMatch(s -> "short-lived".equals(s.labels().get("name")));
    assertThat(scrape.value(StatusSeries.ROTATION_IN_PROGRESS, labels("sales-db"))).contains(1.0);
  }

  private static String rotating(String step) {
    return """
        {"conditions": [{"type": "Ready", "status": "Unknown", "reason": "Rotating", "message": "m", "lastTransitionTime": "2026-12-01T02:40:00Z"}],
         "nextRotationTime": "2027-03-01T02:00:00Z",
         "rotation": {"step": "%s", "trigger": "Schedule", "startedTime": "2026-12-01T02:30:00Z", "failedAttempts": 0}}
        """.formatted(step);
  }

  private void write(String name, String status) throws Exception {
    TdeKeyPolicy policy = new TdeKeyPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
    metrics.statusListener().statusWritten(policy, null, JSON.readValue(status, TdeKeyPolicyStatus.class));
  }

  private static Map<String, String> labels(String name, String... more) {
    Map<String, String> labels = new HashMap<>(Map.of("kind", "TdeKeyPolicy", "namespace", "ns", "name", name));
    for (int i = 0; i < more.length; i += 2) {
      labels.put(more[i], more[i + 1]);
    }
    return labels;
  }
}

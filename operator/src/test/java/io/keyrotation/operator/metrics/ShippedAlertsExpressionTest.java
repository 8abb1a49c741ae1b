package io.keyrotation.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.testing.ShippedAlerts;
import org.junit.jupiter.api.Test;

/** The metric-name reader the alert test relies on. */
class ShippedAlertsExpressionTest {

  @Test
  void readsMetricNamesAndSkipsFunctionsGroupingLabelsMatchersAndKeywords() {
    assertThat(ShippedAlerts.metricNames("""
        sum by (system, operation) (rate(a_total{system="keyvault", x=~"b_total"}[15m]))
        / on (kind) group_left (name) sum(rate(b_total[5m] offset 1h)) > 0.1 unless c == 1 and time() > 3e5 + 14 * 86400"""))
        .containsExactly("a_total", "b_total", "c");
  }
}

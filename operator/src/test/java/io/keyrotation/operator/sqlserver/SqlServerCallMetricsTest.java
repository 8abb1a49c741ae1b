package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyrotation.operator.metrics.OperatorMetrics;
import io.keyrotation.operator.status.GatewayException;
import io.keyrotation.operator.testing.Scrape;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The production gateway factory counts and times each gateway call under its method name, with its outcome. */
class SqlServerCallMetricsTest {

  @Test
  void countsEachGatewayCallByMethodAndOutcome() throws Exception {
    try (StandInSqlServer sql = StandInSqlServer.start(); OperatorMetrics metrics = new OperatorMetrics(Clock.systemUTC())) {
      SqlServerGateway gateway = sql.gateway();
      gateway.asymmetricKeys();
      gateway.databaseEncryption();
      sql.instance.faults().clear();
      sql.instance.faults().dropConnectionBeforeRequest(2);
      assertThatThrownBy(gateway::asymmetricKeys).isInstanceOf(GatewayException.class);
      gateway.endpoint();

      Scrape scrape = Scrape.parse(metrics.scrape());
      Map<String, String> keys = Map.of("system", "sqlserver", "operation", "asymmetricKeys");
      assertThat(scrape.value("keyrotation_external_calls_total", with(keys, "outcome", "success"))).contains(1.0);
      assertThat(scrape.value("keyrotation_external_calls_total", with(keys, "outcome", "Unavailable"))).contains(1.0);
      assertThat(scrape.value("keyrotation_external_calls_total",
          Map.of("system", "sqlserver", "operation", "databaseEncryption", "outcome", "success"))).contains(1.0);
      assertThat(scrape.value("keyrotation_external_call_duration_seconds_count", keys)).contains(2.0);
      assertThat(scrape.samples()).as("endpoint() talks to no one").noneMatch(s -> "endpoint".equals(s.labels().get("operation")));
    }
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    var copy = new java.util.HashMap<>(labels);
    copy.put(key, value);
    return copy;
  }
}

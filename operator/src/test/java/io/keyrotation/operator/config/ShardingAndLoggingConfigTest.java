package io.keyrotation.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShardingAndLoggingConfigTest {
  @Test
  void watchesEverythingUnderOneLeaseWithTextLogsByDefault() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of());
    assertThat(config.labelSelector()).isEmpty();
    assertThat(config.leaseName()).isEqualTo("keyrotation-operator-leader");
    assertThat(config.logFormat()).isEqualTo("text");
  }

  @Test
  void readsAShardsSelectorLeaseAndJsonLogs() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of(
        "KEYROTATION_LABEL_SELECTOR", " keyrotation.io/shard=a ",
        "KEYROTATION_LEADER_ELECTION_LEASE_NAME", "keyrotation-operator-shard-a",
        "KEYROTATION_LOG_FORMAT", "JSON"));
    assertThat(config.labelSelector()).isEqualTo("keyrotation.io/shard=a");
    assertThat(config.leaseName()).isEqualTo("keyrotation-operator-shard-a");
    assertThat(config.logFormat()).isEqualTo("json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tier=gold", "tier==gold,env!=dev", "tier in (gold, silver),!legacy", "keyrotation.io/shard",
      "env notin (dev),app.kubernetes.io/part-of=sql", "tier="})
  void acceptsTheSelectorFormsTheApiServerAccepts(String selector) {
    assertThat(OperatorConfig.fromEnvironment(Map.of("KEYROTATION_LABEL_SELECTOR", selector)).labelSelector())
        .isEqualTo(selector.trim());
  }

  @ParameterizedTest
  @ValueSource(strings = {"tier=gold,", "tier in gold", "=gold", "tier=gold silver", "Tier.Example.com/x=y", "tier in (gold"})
  void refusesAMalformedSelectorNamingTheVariable(String selector) {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("KEYROTATION_LABEL_SELECTOR", selector)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KEYROTATION_LABEL_SELECTOR").hasMessageContaining("label selector");
  }

  @Test
  void refusesALeaseNameKubernetesWouldRefuse() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("KEYROTATION_LEADER_ELECTION_LEASE_NAME", "Shard_A")))
        .hasMessageContaining("KEYROTATION_LEADER_ELECTION_LEASE_NAME").hasMessageContaining("'Shard_A'");
  }

  @Test
  void refusesAnUnknownLogFormat() {
    assertThatThrownBy(() -> OperatorConfig.fromEnvironment(Map.of("KEYROTATION_LOG_FORMAT", "xml")))
        .hasMessageContaining("KEYROTATION_LOG_FORMAT").hasMessageContaining("[json, text]").hasMessageContaining("'xml'");
  }
}

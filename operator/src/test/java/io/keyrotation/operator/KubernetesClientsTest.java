package io.keyrotation.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import org.junit.jupiter.api.Test;

/** Resources read from the API share one copy of each short string that repeats across them. */
class KubernetesClientsTest {
  private final KubernetesSerialization serialization = KubernetesClients.serialization();

  @Test
  void twoResourcesShareTheirRepeatedShortStringsAndKeepEveryValue() {
    TdeKeyPolicy first = serialization.unmarshal(policy("sales"), TdeKeyPolicy.class);
    TdeKeyPolicy second = serialization.unmarshal(policy("billing"), TdeKeyPolicy.class);

    assertThat(first.getMetadata().getName()).isEqualTo("sales");
    assertThat(second.getMetadata().getName()).isEqualTo("billing");
    assertThat(first.getMetadata().getNamespace()).isEqualTo("databases").isSameAs(second.getMetadata().getNamespace());
    var firstReady = first.getStatus().conditions().get(0);
    var secondReady = second.getStatus().conditions().get(0);
    assertThat(firstReady.getReason()).isEqualTo("UpToDate").isSameAs(secondReady.getReason());
    assertThat(firstReady.getMessage()).isEqualTo(secondReady.getMessage()).hasSizeGreaterThan(SharedStringsModule.MAX_LENGTH);
  }

  @Test
  void emptyMapsOfUnknownFieldsAreOneSharedMapAndUnknownFieldsAreKept() {
    TdeKeyPolicy first = serialization.unmarshal(policy("sales"), TdeKeyPolicy.class);
    TdeKeyPolicy second = serialization.unmarshal(policy("billing"), TdeKeyPolicy.class);
    var firstReady = first.getStatus().conditions().get(0);

    assertThat(firstReady.getAdditionalProperties()).isEmpty();
    assertThat(firstReady.getAdditionalProperties()).isSameAs(second.getStatus().conditions().get(0).getAdditionalProperties())
        .isSameAs(first.getMetadata().getAdditionalProperties());
    var withExtra = serialization.unmarshal(policy("sales").replace("\"type\": \"Ready\"", "\"type\": \"Ready\", \"severity\": \"Info\""),
        TdeKeyPolicy.class);
    assertThat(withExtra.getStatus().conditions().get(0).getAdditionalProperties()).containsEntry("severity", "Info");
    // What is written back is what was read, and a builder from a read object takes extras of its own.
    assertThat(serialization.unmarshal(serialization.asJson(first), TdeKeyPolicy.class)).isEqualTo(first);
    assertThat(new ConditionBuilder(firstReady).addToAdditionalProperties("severity", "Info").build().getAdditionalProperties())
        .containsEntry("severity", "Info");
  }

  @Test
  void readsSecretsAsBefore() {
    Secret secret = serialization.unmarshal("""
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "sql-login", "namespace": "databases"},
         "data": {"password": "c2VjcmV0"}, "stringData": {"username": "sa"}}""", Secret.class);

    assertThat(secret.getData()).containsEntry("password", "c2VjcmV0");
    assertThat(secret.getStringData()).containsEntry("username", "sa");
  }

  private static String policy(String name) {
    return """
        {"apiVersion": "keyrotation.io/v1alpha1", "kind": "TdeKeyPolicy",
         "metadata": {"name": "%s", "namespace": "databases", "resourceVersion": "7"},
         "status": {"conditions": [{"type": "Ready", "status": "True", "reason": "UpToDate",
           "message": "Every selected database is protected by the same key, and no rotation is running now.",
           "lastTransitionTime": "2026-12-01T02:00:00Z"}]}}""".formatted(name);
  }
}

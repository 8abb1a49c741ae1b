package io.keyrotation.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import io.keyrotation.operator.api.tde.TdeKeyPolicyStatus;
import io.keyrotation.operator.tde.TdeKeyPolicyStatusBuilder;
import io.keyrotation.operator.validation.SpecProblem;
import io.keyrotation.sandbox.kubernetes.KubernetesStandIn;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusWriterTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  final KubernetesStandIn kubernetes = KubernetesStandIn.start();
  final StatusWriter writer = new StatusWriter(new EventRecorder(kubernetes.client(), CLOCK));

  @AfterEach
  void stop() {
    kubernetes.close();
  }

  @Test
  void skipsTheWriteAndTheEventWhenNothingChanged() {
    TdeKeyPolicy policy = policy();
    TdeKeyPolicyStatus status = invalid(policy);
    policy.setStatus(status);

    UpdateControl<TdeKeyPolicy> control = writer.write(policy, invalid(policy));

    assertThat(control.isPatchStatus()).isFalse();
    assertThat(control.isNoUpdate()).isTrue();
    assertThat(kubernetes.client().v1().events().inNamespace("ns").list().getItems()).isEmpty();
  }

  @Test
  void patchesStatusAndRecordsAWarningWhenReadyTurnsFalse() {
    TdeKeyPolicy policy = policy();

    UpdateControl<TdeKeyPolicy> control = writer.write(policy, invalid(policy));

    assertThat(control.isPatchStatus()).isTrue();
    assertThat(kubernetes.client().v1().events().inNamespace("ns").list().getItems()).singleElement().satisfies(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("InvalidSpec");
      assertThat(e.getInvolvedObject().getName()).isEqualTo("p");
      assertThat(e.getInvolvedObject().getKind()).isEqualTo("TdeKeyPolicy");
      assertThat(e.getMessage()).contains("spec.key.size");
    });
  }

  private static TdeKeyPolicy policy() {
    TdeKeyPolicy policy = new TdeKeyPolicy();
    policy.setMetadata(new ObjectMetaBuilder().withName("p").withNamespace("ns").withGeneration(1L).withUid("u1").build());
    return policy;
  }

  private static TdeKeyPolicyStatus invalid(TdeKeyPolicy policy) {
    var builder = new TdeKeyPolicyStatusBuilder(policy.getStatus(), 1, CLOCK);
    SpecConditions.invalidSpec(builder.conditions(), List.of(new SpecProblem("spec.key.size", "must be 2048 or 3072")));
    return builder.build();
  }
}

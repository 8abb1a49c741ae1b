package io.keyrotation.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionSetTest {
  static final Clock T0 = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  static final Clock T1 = Clock.fixed(Instant.parse("2026-11-23T11:00:00Z"), ZoneOffset.UTC);

  @Test
  void keepsTransitionTimeWhenOnlyReasonOrMessageChange() {
    var first = new ConditionSet(List.of(), 1, T0).set("Ready", ConditionSet.Status.False, "InvalidSpec", "a").list();
    var second = new ConditionSet(first, 2, T1).set("Ready", ConditionSet.Status.False, "Unavailable", "b").list();
    assertThat(second).singleElement().satisfies(c -> {
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-23T10:00:00Z");
      assertThat(c.getReason()).isEqualTo("Unavailable");
      assertThat(c.getObservedGeneration()).isEqualTo(2L);
    });
  }

  @Test
  void movesTransitionTimeWhenStatusChanges() {
    var first = new ConditionSet(List.of(), 1, T0).set("Ready", ConditionSet.Status.False, "InvalidSpec", "a").list();
    var second = new ConditionSet(first, 1, T1).set("Ready", ConditionSet.Status.Unknown, "AwaitingImplementation", "b").list();
    assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2026-11-23T11:00:00Z");
  }

  @Test
  void transitionTimesAreWholeSecondsAndOneReconcilesChangesShareOne() {
    Clock withNanos = Clock.fixed(Instant.parse("2026-11-23T10:00:00.572124736Z"), ZoneOffset.UTC);
    var conditions = new ConditionSet(List.of(), 1, withNanos)
        .set("Ready", ConditionSet.Status.True, "R", "m")
        .set("Degraded", ConditionSet.Status.False, "D", "m").list();
    assertThat(conditions).extracting(c -> c.getLastTransitionTime()).containsOnly("2026-11-23T10:00:00Z");
  }

  @Test
  void keepsOtherConditionsAndTheirOrder() {
    var first = new ConditionSet(List.of(), 1, T0)
        .set("Ready", ConditionSet.Status.True, "R", "m")
        .set("Degraded", ConditionSet.Status.False, "D", "m").list();
    var second = new ConditionSet(first, 1, T1).set("Ready", ConditionSet.Status.False, "X", "m").list();
    assertThat(second).extracting(c -> c.getType()).containsExactly("Ready", "Degraded");
    assertThat(second.get(1)).isEqualTo(first.get(1));
  }
}

package io.keyrotation.operator.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded runs of rotations, backups, failovers and secret rotations interleaved with operator kills,
 * leader changes and injected faults; the key-safety invariants and database readability are
 * checked after every step and everything must end Ready. A failure prints its seed and steps;
 * {@code make soak SEED=<seed> ACTIONS=<n>} replays it (see README, "Soak").
 */
class RandomizedSoakTest {

  static List<Long> seeds() {
    return SoakSeeds.seeds();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void noInterleavingOfWorkCrashesAndFaultsBreaksKeySafetyAndAllEndsReady(long seed) {
    List<SoakStep> plan = SoakStep.plan(seed, SoakSeeds.actions());
    try (SoakWorld world = new SoakWorld()) {
      SoakRun.Result result = new SoakRun(seed, plan, world).play();

      assertThat(result.stepsPlayed() + result.stepsSkipped()).isEqualTo(plan.size());
      assertThat(result.readyConditions()).hasSize(3).allSatisfy(c -> assertThat(c).contains(": True/"));
      System.out.println("soak seed " + seed + ": " + result);
    }
  }

  @Test
  void aBrokenPromiseFailsTheRunNamingItsSeedAndEveryStepSoFar() {
    List<SoakStep> plan = List.of(new SoakStep(SoakStep.Type.BACKUP_NOW, 0, 0),
        new SoakStep(SoakStep.Type.SABOTAGE_DISABLE_KEY_IN_USE, 0, 0), new SoakStep(SoakStep.Type.ROTATE_KEY_NOW, 0, 0));
    try (SoakWorld world = new SoakWorld()) {
      assertThatThrownBy(() -> new SoakRun(42, plan, world).play())
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("seed 42")
          .hasMessageContaining("make soak SEED=42 ACTIONS=3")
          .hasMessageContaining("1. backup-now: settled")
          .hasMessageContaining("at: 2. someone disables the vault key the databases use")
          .hasMessageContaining("sqltde-initial").hasMessageContaining("is disabled in vault");
    }
  }
}

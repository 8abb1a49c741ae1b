package io.keyrotation.operator.soak;

import java.util.List;
import java.util.stream.LongStream;

/**
 * Which seeds a run plays and how many actions each has, from system properties (set by
 * {@code make soak}): {@code soak.seed} replays one seed (or several, comma-separated); {@code soak.seeds=n} plays n seeds from
 * {@code soak.firstSeed} (a fresh one, printed, when not given). Without them, {@code make test}'s
 * fixed seeds.
 */
final class SoakSeeds {
  /**
   * Seed 3 fails over, fails back before the failover finished and fails over again while a rotation
   * waits (README, Soak), 4 has every kind of step (client secret rotations among them), 13 rotations,
   * failover and failback with kills, 18 three rotations in a row that wait for the DBA's log backup.
   */
  static final List<Long> MAKE_TEST_SEEDS = List.of(3L, 4L, 13L, 18L);
  static final int DEFAULT_ACTIONS = 12;

  private SoakSeeds() {}

  static List<Long> seeds() {
    String one = System.getProperty("soak.seed", "");
    if (!one.isBlank()) {
      return java.util.Arrays.stream(one.split(",")).map(String::trim).map(Long::parseLong).toList();
    }
    String count = System.getProperty("soak.seeds", "");
    if (count.isBlank()) {
      return MAKE_TEST_SEEDS;
    }
    String first = System.getProperty("soak.firstSeed", "");
    long start = first.isBlank() ? System.currentTimeMillis() % 1_000_000_000L : Long.parseLong(first.trim());
    System.out.println("soak: " + count.trim() + " seed(s) from " + start);
    return LongStream.range(start, start + Integer.parseInt(count.trim())).boxed().toList();
  }

  static int actions() {
    String actions = System.getProperty("soak.actions", "");
    return actions.isBlank() ? DEFAULT_ACTIONS : Integer.parseInt(actions.trim());
  }
}

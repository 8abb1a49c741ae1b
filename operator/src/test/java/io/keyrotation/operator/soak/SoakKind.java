package io.keyrotation.operator.soak;

/** The kinds a soak run reconciles, in the order of each round. */
enum SoakKind {
  POLICY, SCHEDULE, ROTATION
}

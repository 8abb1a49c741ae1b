package io.keyrotation.operator.status;

/** Condition reasons that are not failures. */
public final class Reasons {
  /** The spec is valid, and this version of the operator does not run the workflow yet. */
  public static final String AWAITING_IMPLEMENTATION = "AwaitingImplementation";

  private Reasons() {}
}

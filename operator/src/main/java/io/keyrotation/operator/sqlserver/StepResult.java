package io.keyrotation.operator.sqlserver;

/** What an idempotent step did. */
public enum StepResult {
  /** The statement ran and changed SQL Server. */
  APPLIED,
  /** The catalog already showed the step's effect; nothing was run. */
  ALREADY_DONE,
  /**
   * Another change of the same object is still under way (e.g. an encryption scan or protection
   * change of the database encryption key); nothing was run. Not a failure: run the step again later.
   */
  IN_PROGRESS
}

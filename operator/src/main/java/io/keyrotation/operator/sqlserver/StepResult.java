package io.keyrotation.operator.sqlserver;

/** What an idempotent step did. */
public enum StepResult {
  /** The statement ran and changed SQL Server. */
  APPLIED,
  /** The catalog already showed the step's effect; nothing was run. */
  ALREADY_DONE
}

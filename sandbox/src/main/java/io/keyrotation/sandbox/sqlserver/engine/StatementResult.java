package io.keyrotation.sandbox.sqlserver.engine;

import java.util.List;

/** What one statement of a batch produced, in the order the protocol layer must report it. */
public sealed interface StatementResult {

  /** A result set; values are Java objects matching each column's {@link SqlType}, or null. */
  record Rows(List<Column> columns, List<List<Object>> rows) implements StatementResult {}

  /**
   * A statement without a result set. {@code commandCode} is the TDS DONE command code (the
   * driver treats DDL codes as "0 rows"); {@code rowCount} is -1 when there is no count.
   */
  record Done(int commandCode, long rowCount) implements StatementResult {
    public static final int CMD_CMD = 0xB6;
    public static final int CMD_LOGIN_CREATE = 0x145;
    public static final int CMD_LOGIN_ALTER = 0x146;
    public static final int CMD_CREDENTIAL_CREATE = 0x198;
    public static final int CMD_CREDENTIAL_ALTER = 0x199;
    public static final int CMD_ASYMMETRIC_KEY_CREATE = 0x1A3;
  }

  /** {@code USE}: the session's database changed (an ENVCHANGE plus message 5701). */
  record DatabaseChanged(String newDatabase, String oldDatabase) implements StatementResult {}

  /** The statement failed; the rest of the batch was not run. */
  record Failed(SqlServerError error) implements StatementResult {}
}

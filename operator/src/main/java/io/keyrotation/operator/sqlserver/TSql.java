package io.keyrotation.operator.sqlserver;

/**
 * Renders names and values into T-SQL text for statements that cannot take parameters (DDL).
 * Identifiers are bracket-quoted with {@code ]} doubled; string literals are {@code N'...'}
 * with {@code '} doubled. Callers validate names with {@link SqlNames} first.
 */
public final class TSql {
  private TSql() {}

  public static String identifier(String name) {
    return "[" + name.replace("]", "]]") + "]";
  }

  public static String literal(String value) {
    return "N'" + value.replace("'", "''") + "'";
  }

  /** A name made safe to show in a message: control characters replaced by '?'. */
  static String printable(String value) {
    return value.replaceAll("\\p{Cntrl}", "?");
  }
}

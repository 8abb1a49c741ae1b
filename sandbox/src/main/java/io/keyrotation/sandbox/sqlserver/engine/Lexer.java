package io.keyrotation.sandbox.sqlserver.engine;

import io.keyrotation.sandbox.sqlserver.engine.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits T-SQL into tokens: words, [bracketed] and "double-quoted" identifiers (doubled closing
 * character escapes it), 'string' and N'string' literals (doubled quote escapes it), numbers,
 * {@code @parameters} and single-character symbols. Comments ({@code --} and nested
 * {@code /* *\/}) are skipped, as SQL Server does.
 */
final class Lexer {
  private final String sql;
  private int pos;

  private Lexer(String sql) {
    this.sql = sql;
  }

  static List<Token> tokenize(String sql) throws SqlServerError {
    return new Lexer(sql).run();
  }

  private List<Token> run() throws SqlServerError {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      skipSpaceAndComments();
      if (pos >= sql.length()) {
        tokens.add(new Token(Kind.END, "", ""));
        return tokens;
      }
      tokens.add(next());
    }
  }

  private Token next() throws SqlServerError {
    int start = pos;
    char c = sql.charAt(pos);
    if ((c == 'N' || c == 'n') && pos + 1 < sql.length() && sql.charAt(pos + 1) == '\'') {
      pos++;
      return quoted('\'', Kind.STRING, start);
    }
    if (c == '\'') {
      return quoted('\'', Kind.STRING, start);
    }
    if (c == '[') {
      return quoted(']', Kind.QUOTED_IDENTIFIER, start);
    }
    if (c == '"') {
      return quoted('"', Kind.QUOTED_IDENTIFIER, start);
    }
    if (Character.isDigit(c)) {
      while (pos < sql.length() && Character.isDigit(sql.charAt(pos))) pos++;
      return token(Kind.NUMBER, sql.substring(start, pos), start);
    }
    if (c == '@' || isWordStart(c)) {
      pos++;
      while (pos < sql.length() && isWordPart(sql.charAt(pos))) pos++;
      String text = sql.substring(start, pos);
      return token(c == '@' ? Kind.PARAMETER : Kind.WORD, text, start);
    }
    pos++;
    return token(Kind.SYMBOL, String.valueOf(c), start);
  }

  private Token quoted(char close, Kind kind, int start) throws SqlServerError {
    pos++; // opening quote
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= sql.length()) {
        throw new SqlServerError(105, 1, 15,
            "Unclosed quotation mark after the character string '" + value + "'.");
      }
      char c = sql.charAt(pos++);
      if (c == close) {
        if (pos < sql.length() && sql.charAt(pos) == close) {
          value.append(close);
          pos++;
          continue;
        }
        return token(kind, value.toString(), start);
      }
      value.append(c);
    }
  }

  private Token token(Kind kind, String text, int start) {
    return new Token(kind, text, sql.substring(start, pos));
  }

  private void skipSpaceAndComments() {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (sql.startsWith("--", pos)) {
        int end = sql.indexOf('\n', pos);
        pos = end < 0 ? sql.length() : end + 1;
      } else if (sql.startsWith("/*", pos)) {
        skipBlockComment();
      } else {
        return;
      }
    }
  }

  private void skipBlockComment() {
    int depth = 0;
    while (pos < sql.length()) {
      if (sql.startsWith("/*", pos)) {
        depth++;
        pos += 2;
      } else if (sql.startsWith("*/", pos)) {
        depth--;
        pos += 2;
        if (depth == 0) return;
      } else {
        pos++;
      }
    }
  }

  private static boolean isWordStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '#';
  }

  private static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '#' || c == '@' || c == '$';
  }
}

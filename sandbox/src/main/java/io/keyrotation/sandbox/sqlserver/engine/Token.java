package io.keyrotation.sandbox.sqlserver.engine;

import java.util.Locale;

/** A T-SQL token. {@code text} is the unquoted value for identifiers and string literals. */
record Token(Kind kind, String text, String source) {
  enum Kind { WORD, QUOTED_IDENTIFIER, STRING, NUMBER, PARAMETER, SYMBOL, END }

  boolean isWord(String keyword) {
    return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
  }

  boolean isSymbol(String symbol) {
    return kind == Kind.SYMBOL && text.equals(symbol);
  }

  boolean isIdentifier() {
    return kind == Kind.WORD || kind == Kind.QUOTED_IDENTIFIER;
  }

  String upper() {
    return text.toUpperCase(Locale.ROOT);
  }
}

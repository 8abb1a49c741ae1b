package io.keyrotation.sandbox.sqlserver.engine;

import io.keyrotation.sandbox.sqlserver.engine.Statement.Condition;
import io.keyrotation.sandbox.sqlserver.engine.Statement.Literal;
import io.keyrotation.sandbox.sqlserver.engine.Statement.Operand;
import io.keyrotation.sandbox.sqlserver.engine.Statement.ParameterRef;
import io.keyrotation.sandbox.sqlserver.engine.Statement.SelectItem;
import io.keyrotation.sandbox.sqlserver.engine.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses a batch of exactly the statements the operator's gateway issues (statements may be
 * separated by {@code ;}):
 *
 * <pre>
 * SELECT item [, item ...] [FROM sys.view[(arg)] [WHERE col = value [AND col = value ...]]]
 * USE db
 * CREATE ASYMMETRIC KEY k FROM PROVIDER p WITH PROVIDER_KEY_NAME = 's', CREATION_DISPOSITION = OPEN_EXISTING
 * CREATE LOGIN l FROM ASYMMETRIC KEY k
 * CREATE CREDENTIAL c WITH IDENTITY = 's' [, SECRET = 's'] FOR CRYPTOGRAPHIC PROVIDER p
 * ALTER CREDENTIAL c WITH IDENTITY = 's' [, SECRET = 's']
 * ALTER LOGIN l { ADD | DROP } CREDENTIAL c
 * ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY k
 * GRANT permission [ON class::securable] TO login
 * EXEC[UTE] sp_unprepare n
 * BACKUP LOG db TO DISK = 's'
 * </pre>
 *
 * Anything else is refused with error 102 "Incorrect syntax near ...", as SQL Server would for
 * malformed text (the stand-in does not pretend to run statements it does not model).
 */
final class Parser {
  private final List<Token> tokens;
  private int pos;

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  static List<Statement> parseBatch(String sql) throws SqlServerError {
    return new Parser(Lexer.tokenize(sql)).batch();
  }

  private List<Statement> batch() throws SqlServerError {
    List<Statement> statements = new ArrayList<>();
    while (true) {
      while (peek().isSymbol(";")) pos++;
      if (peek().kind() == Kind.END) {
        return statements;
      }
      statements.add(statement());
      Token after = peek();
      if (!after.isSymbol(";") && after.kind() != Kind.END && !startsStatement(after)) {
        throw SqlServerError.syntaxNear(after.source());
      }
    }
  }

  private static boolean startsStatement(Token token) {
    return token.isWord("SELECT") || token.isWord("USE") || token.isWord("CREATE")
        || token.isWord("ALTER") || token.isWord("EXEC") || token.isWord("EXECUTE") || token.isWord("BACKUP")
        || token.isWord("GRANT");
  }

  private Statement statement() throws SqlServerError {
    Token first = next();
    if (first.isWord("SELECT")) return select();
    if (first.isWord("USE")) return new Statement.Use(identifier());
    if (first.isWord("CREATE")) return create();
    if (first.isWord("ALTER")) return alter();
    if (first.isWord("EXEC") || first.isWord("EXECUTE")) return exec();
    if (first.isWord("BACKUP")) return backupLog();
    if (first.isWord("GRANT")) return grant();
    throw SqlServerError.syntaxNear(first.source());
  }

  private Statement select() throws SqlServerError {
    List<SelectItem> items = new ArrayList<>();
    do {
      items.add(selectItem());
    } while (accept(","));
    if (!peek().isWord("FROM")) {
      return new Statement.Select(items, null, null, List.of());
    }
    pos++;
    String source = qualifiedName();
    Operand argument = null;
    if (accept("(")) {
      argument = operand();
      expectSymbol(")");
    }
    List<Condition> where = new ArrayList<>();
    if (peek().isWord("WHERE")) {
      pos++;
      do {
        String column = identifier();
        expectSymbol("=");
        where.add(new Condition(column, operand()));
      } while (acceptWord("AND"));
    }
    return new Statement.Select(items, source, argument, where);
  }

  private SelectItem selectItem() throws SqlServerError {
    Token token = peek();
    if (token.kind() == Kind.NUMBER || token.kind() == Kind.STRING) {
      Operand literal = operand();
      String alias = acceptWord("AS") ? identifier() : "";
      return new SelectItem(null, literal, alias);
    }
    return new SelectItem(identifier(), null, null);
  }

  private Statement create() throws SqlServerError {
    if (acceptWord("ASYMMETRIC")) {
      expectWord("KEY");
      String name = identifier();
      expectWord("FROM");
      expectWord("PROVIDER");
      String provider = identifier();
      expectWord("WITH");
      String providerKeyName = null;
      String disposition = null;
      do {
        Token option = next();
        expectSymbol("=");
        if (option.isWord("PROVIDER_KEY_NAME")) {
          providerKeyName = string();
        } else if (option.isWord("CREATION_DISPOSITION")) {
          disposition = next().upper();
        } else {
          throw SqlServerError.syntaxNear(option.source());
        }
      } while (accept(","));
      if (providerKeyName == null) {
        throw SqlServerError.syntaxNear(peek().source());
      }
      // "If CREATION_DISPOSITION = OPEN_EXISTING is not provided, the default is CREATE_NEW"
      // (CREATE ASYMMETRIC KEY, Arguments)
      return new Statement.CreateAsymmetricKey(name, provider, providerKeyName,
          disposition == null ? "CREATE_NEW" : disposition);
    }
    if (acceptWord("LOGIN")) {
      String login = identifier();
      expectWord("FROM");
      expectWord("ASYMMETRIC");
      expectWord("KEY");
      return new Statement.CreateLoginFromAsymmetricKey(login, identifier());
    }
    if (acceptWord("CREDENTIAL")) {
      String name = identifier();
      String[] identityAndSecret = identityAndSecret();
      expectWord("FOR");
      expectWord("CRYPTOGRAPHIC");
      expectWord("PROVIDER");
      return new Statement.CreateCredential(name, identityAndSecret[0], identityAndSecret[1], identifier());
    }
    throw SqlServerError.syntaxNear(peek().source());
  }

  private String[] identityAndSecret() throws SqlServerError {
    expectWord("WITH");
    expectWord("IDENTITY");
    expectSymbol("=");
    String identity = string();
    String secret = null;
    if (accept(",")) {
      expectWord("SECRET");
      expectSymbol("=");
      secret = string();
    }
    return new String[] {identity, secret};
  }

  private Statement alter() throws SqlServerError {
    if (acceptWord("CREDENTIAL")) {
      String name = identifier();
      String[] identityAndSecret = identityAndSecret();
      return new Statement.AlterCredential(name, identityAndSecret[0], identityAndSecret[1]);
    }
    if (acceptWord("LOGIN")) {
      String login = identifier();
      boolean add;
      if (acceptWord("ADD")) {
        add = true;
      } else if (acceptWord("DROP")) {
        add = false;
      } else {
        throw SqlServerError.syntaxNear(peek().source());
      }
      expectWord("CREDENTIAL");
      return new Statement.AlterLoginCredential(login, add, identifier());
    }
    if (acceptWord("DATABASE")) {
      expectWord("ENCRYPTION");
      expectWord("KEY");
      expectWord("ENCRYPTION");
      expectWord("BY");
      expectWord("SERVER");
      expectWord("ASYMMETRIC");
      expectWord("KEY");
      return new Statement.AlterDatabaseEncryptionKey(identifier());
    }
    throw SqlServerError.syntaxNear(peek().source());
  }

  /** {@code GRANT words [ON class::name] TO login}; the class may be two words (ASYMMETRIC KEY). */
  private Statement grant() throws SqlServerError {
    StringBuilder permission = new StringBuilder();
    while (peek().kind() == Kind.WORD && !peek().isWord("ON") && !peek().isWord("TO")) {
      permission.append(permission.length() == 0 ? "" : " ").append(next().text());
    }
    if (permission.length() == 0) {
      throw SqlServerError.syntaxNear(peek().source());
    }
    String securable = null;
    if (acceptWord("ON")) {
      StringBuilder securableClass = new StringBuilder();
      while (peek().kind() == Kind.WORD) {
        securableClass.append(securableClass.length() == 0 ? "" : " ").append(next().text());
      }
      expectSymbol(":");
      expectSymbol(":");
      securable = securableClass + "::" + identifier();
    }
    expectWord("TO");
    return new Statement.Grant(permission.toString(), securable, identifier());
  }

  private Statement exec() throws SqlServerError {
    Token procedure = next();
    if (!procedure.isWord("sp_unprepare") || peek().kind() != Kind.NUMBER) {
      throw SqlServerError.syntaxNear(procedure.source());
    }
    return new Statement.Unprepare(Integer.parseInt(next().text()));
  }

  private Statement backupLog() throws SqlServerError {
    expectWord("LOG");
    String database = identifier();
    expectWord("TO");
    expectWord("DISK");
    expectSymbol("=");
    return new Statement.BackupLog(database, string());
  }

  private String qualifiedName() throws SqlServerError {
    StringBuilder name = new StringBuilder(identifier());
    while (accept(".")) {
      name.append('.').append(identifier());
    }
    return name.toString().toLowerCase(Locale.ROOT);
  }

  private Operand operand() throws SqlServerError {
    Token token = next();
    return switch (token.kind()) {
      case NUMBER -> new Literal(Long.parseLong(token.text()));
      case STRING -> new Literal(token.text());
      case PARAMETER -> new ParameterRef(token.text().toLowerCase(Locale.ROOT));
      default -> throw SqlServerError.syntaxNear(token.source());
    };
  }

  private String identifier() throws SqlServerError {
    Token token = next();
    if (!token.isIdentifier()) {
      throw SqlServerError.syntaxNear(token.source());
    }
    return token.text();
  }

  private String string() throws SqlServerError {
    Token token = next();
    if (token.kind() != Kind.STRING) {
      throw SqlServerError.syntaxNear(token.source());
    }
    return token.text();
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token next() throws SqlServerError {
    Token token = tokens.get(pos);
    if (token.kind() == Kind.END) {
      throw SqlServerError.syntaxNear(previousSource());
    }
    pos++;
    return token;
  }

  private String previousSource() {
    return pos == 0 ? "" : tokens.get(pos - 1).source();
  }

  private boolean accept(String symbol) {
    if (peek().isSymbol(symbol)) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean acceptWord(String keyword) {
    if (peek().isWord(keyword)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expectSymbol(String symbol) throws SqlServerError {
    if (!accept(symbol)) {
      throw SqlServerError.syntaxNear(peek().kind() == Kind.END ? previousSource() : peek().source());
    }
  }

  private void expectWord(String keyword) throws SqlServerError {
    if (!acceptWord(keyword)) {
      throw SqlServerError.syntaxNear(peek().kind() == Kind.END ? previousSource() : peek().source());
    }
  }
}

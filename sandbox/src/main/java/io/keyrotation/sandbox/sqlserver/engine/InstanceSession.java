package io.keyrotation.sandbox.sqlserver.engine;

import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Database;
import io.keyrotation.sandbox.sqlserver.engine.CatalogObjects.Login;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A logged-in session: parses each batch and runs its statements in order, stopping at an error. */
final class InstanceSession implements SqlSession {
  private final SqlServerInstance instance;
  private final Login login;
  private final boolean readOnlyIntent;
  private String database;

  InstanceSession(SqlServerInstance instance, Login login, String database, boolean readOnlyIntent) {
    this.instance = instance;
    this.login = login;
    this.database = database;
    this.readOnlyIntent = readOnlyIntent;
  }

  @Override
  public String loginName() {
    return login.name;
  }

  @Override
  public String database() {
    return database;
  }

  @Override
  public List<StatementResult> executeInProcedure(String batch, Map<String, Object> parameters) {
    String caller = database;
    List<StatementResult> results = execute(batch, parameters);
    if (!caller.equals(database)) {
      results.add(new StatementResult.DatabaseChanged(caller, database));
      database = caller;
    }
    return results;
  }

  @Override
  public List<StatementResult> execute(String batch, Map<String, Object> parameters) {
    List<StatementResult> results = new ArrayList<>();
    try {
      Optional<SqlServerError> injected = instance.faults().errorFor(batch);
      if (injected.isPresent()) {
        throw injected.get();
      }
      for (Statement statement : Parser.parseBatch(batch)) {
        synchronized (SqlServerInstance.LOCK) {
          results.add(run(statement, parameters));
        }
      }
    } catch (SqlServerError e) {
      results.add(new StatementResult.Failed(e));
    }
    return results;
  }

  private StatementResult run(Statement statement, Map<String, Object> parameters) throws SqlServerError {
    SecurityStatements security = new SecurityStatements(instance);
    if (statement instanceof Statement.Select select) {
      return SelectExecutor.run(instance, login, database, select, parameters);
    } else if (statement instanceof Statement.Use use) {
      String old = database;
      Database target = instance.catalog().database(use.database())
          .orElseThrow(() -> new SqlServerError(911, 1, 16, "Database '" + use.database()
              + "' does not exist. Make sure that the name is entered correctly."));
      instance.requireReadable(target, readOnlyIntent);
      database = target.name;
      return new StatementResult.DatabaseChanged(database, old);
    } else if (statement instanceof Statement.CreateAsymmetricKey create) {
      return security.createAsymmetricKey(login, create);
    } else if (statement instanceof Statement.CreateLoginFromAsymmetricKey create) {
      return security.createLogin(login, create);
    } else if (statement instanceof Statement.CreateCredential create) {
      return security.createCredential(login, create);
    } else if (statement instanceof Statement.AlterCredential alter) {
      return security.alterCredential(login, alter);
    } else if (statement instanceof Statement.AlterLoginCredential alter) {
      return security.alterLoginCredential(login, alter);
    } else if (statement instanceof Statement.AlterDatabaseEncryptionKey alter) {
      return new EncryptionStatements(instance).alterEncryptionKey(login, database, alter.asymmetricKey());
    } else if (statement instanceof Statement.Grant grant) {
      return security.grant(login, grant);
    } else if (statement instanceof Statement.BackupLog backup) {
      // BACKUP LOG needs the database's BACKUP LOG permission; the model grants it with the server-level name
      SecurityStatements.require(login, "BACKUP LOG");
      Database target = instance.catalog().database(backup.database())
          .orElseThrow(() -> new SqlServerError(911, 1, 16, "Database '" + backup.database()
              + "' does not exist. Make sure that the name is entered correctly."));
      instance.backUpLog(target.name);
      return new StatementResult.Done(StatementResult.Done.CMD_CMD, -1);
    } else if (statement instanceof Statement.Unprepare) {
      return new StatementResult.Done(0xE0, -1);
    }
    throw new IllegalStateException("unhandled statement " + statement);
  }
}

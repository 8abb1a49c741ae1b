package io.keyrotation.sandbox.sqlserver.engine;

import java.util.List;
import java.util.Map;

/** One logged-in connection's view of an instance: who, which database, and statement execution. */
public interface SqlSession {
  String loginName();

  String database();

  /**
   * Runs a batch. {@code parameters} holds RPC parameter values by name (e.g. {@code @P0}); a
   * failed statement ends the list with {@link StatementResult.Failed}.
   */
  List<StatementResult> execute(String batch, Map<String, Object> parameters);

  /**
   * Runs a batch as {@code sp_executesql} (and {@code sp_prepexec}/{@code sp_execute}) runs it: in
   * its own scope, so a {@code USE} inside lasts only until the call ends. If the database changed,
   * the results end with a {@link StatementResult.DatabaseChanged} back to the caller's database.
   */
  List<StatementResult> executeInProcedure(String batch, Map<String, Object> parameters);
}

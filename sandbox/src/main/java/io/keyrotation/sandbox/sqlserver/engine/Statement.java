package io.keyrotation.sandbox.sqlserver.engine;

import java.util.List;

/** The statements the stand-in understands, as parsed. See {@link Parser} for the grammar. */
sealed interface Statement {

  /** A value in a statement: a literal or an RPC parameter reference. */
  sealed interface Operand {}

  record Literal(Object value) implements Operand {}

  record ParameterRef(String name) implements Operand {}

  /** {@code SELECT items [FROM source [(argument)]] [WHERE column = operand [AND ...]]}. */
  record Select(List<SelectItem> items, String source, Operand sourceArgument, List<Condition> where)
      implements Statement {}

  /** A selected column, or a literal with an optional alias. */
  record SelectItem(String column, Operand literal, String alias) {}

  record Condition(String column, Operand value) {}

  record Use(String database) implements Statement {}

  record CreateAsymmetricKey(String name, String provider, String providerKeyName, String disposition)
      implements Statement {}

  record CreateLoginFromAsymmetricKey(String login, String asymmetricKey) implements Statement {}

  record CreateCredential(String name, String identity, String secret, String provider) implements Statement {
    @Override
    public String toString() {
      return "CreateCredential[name=" + name + ", identity=" + identity + ", provider=" + provider + "]";
    }
  }

  record AlterCredential(String name, String identity, String secret) implements Statement {
    @Override
    public String toString() {
      return "AlterCredential[name=" + name + ", identity=" + identity + "]";
    }
  }

  record AlterLoginCredential(String login, boolean add, String credential) implements Statement {}

  record AlterDatabaseEncryptionKey(String asymmetricKey) implements Statement {}

  /** {@code GRANT permission [ON class::name] TO login}; {@code securable} is "CLASS::name" or null. */
  record Grant(String permission, String securable, String login) implements Statement {}

  /** {@code BACKUP LOG db TO DISK = 'file'}: truncates the log and ends the DEK's wait for a log backup. */
  record BackupLog(String database, String disk) implements Statement {}

  /** {@code EXEC sp_unprepare n}, which the driver batches when it discards prepared handles. */
  record Unprepare(int handle) implements Statement {}
}

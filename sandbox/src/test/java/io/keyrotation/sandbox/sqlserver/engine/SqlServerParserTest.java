package io.keyrotation.sandbox.sqlserver.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stand-in's parser: exactly the gateway's statements, and real-looking errors for the rest. */
class SqlServerParserTest {

  @Test
  void parsesCreateAsymmetricKeyFromProvider() throws Exception {
    assertThat(Parser.parseBatch("CREATE ASYMMETRIC KEY [MASTER_KEY2] FROM PROVIDER [EKM] WITH "
        + "PROVIDER_KEY_NAME = N'Key2', CREATION_DISPOSITION = OPEN_EXISTING;"))
        .containsExactly(new Statement.CreateAsymmetricKey("MASTER_KEY2", "EKM", "Key2", "OPEN_EXISTING"));
  }

  @Test
  void parsesBackupLogToDisk() throws Exception {
    assertThat(Parser.parseBatch("BACKUP LOG [Sales] TO DISK = N'C:\\Backup\\Sales.trn';"))
        .containsExactly(new Statement.BackupLog("Sales", "C:\\Backup\\Sales.trn"));
  }

  @Test
  void parsesTheLoginCredentialAndDatabaseKeyStatements() throws Exception {
    List<Statement> statements = Parser.parseBatch("""
        CREATE LOGIN [TDE_Login2] FROM ASYMMETRIC KEY [MASTER_KEY2];
        CREATE CREDENTIAL [cred2] WITH IDENTITY = 'vault', SECRET = 'abc' FOR CRYPTOGRAPHIC PROVIDER EKM;
        ALTER LOGIN [TDE_Login2] ADD CREDENTIAL [cred2]
        ALTER LOGIN TDE_Login2 DROP CREDENTIAL cred2;
        ALTER CREDENTIAL [cred2] WITH IDENTITY = N'vault', SECRET = N'def';
        USE [Sales]; ALTER DATABASE ENCRYPTION KEY ENCRYPTION BY SERVER ASYMMETRIC KEY [MASTER_KEY2];
        EXEC sp_unprepare 5
        """);
    assertThat(statements).containsExactly(
        new Statement.CreateLoginFromAsymmetricKey("TDE_Login2", "MASTER_KEY2"),
        new Statement.CreateCredential("cred2", "vault", "abc", "EKM"),
        new Statement.AlterLoginCredential("TDE_Login2", true, "cred2"),
        new Statement.AlterLoginCredential("TDE_Login2", false, "cred2"),
        new Statement.AlterCredential("cred2", "vault", "def"),
        new Statement.Use("Sales"),
        new Statement.AlterDatabaseEncryptionKey("MASTER_KEY2"),
        new Statement.Unprepare(5));
  }

  @Test
  void parsesCatalogSelectsWithFunctionArgumentsAndConditions() throws Exception {
    assertThat(Parser.parseBatch("SELECT key_name, key_thumbprint FROM sys.dm_cryptographic_provider_keys(@P0)"))
        .containsExactly(new Statement.Select(
            List.of(new Statement.SelectItem("key_name", null, null), new Statement.SelectItem("key_thumbprint", null, null)),
            "sys.dm_cryptographic_provider_keys", new Statement.ParameterRef("@p0"), List.of()));
    assertThat(Parser.parseBatch("SELECT group_id FROM sys.dm_hadr_availability_replica_states WHERE is_local = 1"))
        .singleElement().isInstanceOfSatisfying(Statement.Select.class,
            s -> assertThat(s.where()).containsExactly(new Statement.Condition("is_local", new Statement.Literal(1L))));
  }

  @Test
  void unescapesDoubledBracketsAndQuotesAndSkipsComments() throws Exception {
    assertThat(Parser.parseBatch("/* a /* nested */ comment */ CREATE LOGIN [a]]b] -- trailing\n"
        + "FROM ASYMMETRIC KEY \"k\"\"q\""))
        .containsExactly(new Statement.CreateLoginFromAsymmetricKey("a]b", "k\"q"));
    assertThat(Parser.parseBatch("CREATE CREDENTIAL c WITH IDENTITY = N'it''s', SECRET = N'x' "
        + "FOR CRYPTOGRAPHIC PROVIDER [EKM]"))
        .containsExactly(new Statement.CreateCredential("c", "it's", "x", "EKM"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "DROP ASYMMETRIC KEY [k]",
      "DROP CREDENTIAL [c]",
      "SELECT * FROM sys.credentials",
      "CREATE ASYMMETRIC KEY k FROM FILE = 'x'",
      "ALTER LOGIN [l] WITH PASSWORD = 'x'",
      "SELECT name FROM sys.credentials DELETE",
      "EXEC xp_cmdshell 'dir'",
      "CREATE LOGIN [x] FROM ASYMMETRIC KEY"})
  void refusesAnythingElseWithError102(String sql) {
    assertThatThrownBy(() -> Parser.parseBatch(sql))
        .isInstanceOfSatisfying(SqlServerError.class, e -> {
          assertThat(e.number()).isEqualTo(102);
          assertThat(e.severity()).isEqualTo(15);
          assertThat(e.getMessage()).startsWith("Incorrect syntax near '");
        });
  }

  @Test
  void reportsAnUnclosedQuoteWithError105() {
    assertThatThrownBy(() -> Parser.parseBatch("CREATE CREDENTIAL c WITH IDENTITY = N'abc"))
        .isInstanceOfSatisfying(SqlServerError.class, e -> assertThat(e.number()).isEqualTo(105));
  }
}

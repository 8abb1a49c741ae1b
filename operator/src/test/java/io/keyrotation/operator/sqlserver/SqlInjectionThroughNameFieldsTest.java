package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.status.GatewayException;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SQL injection through every name field the operator puts into T-SQL (database, credential,
 * login, asymmetric key, provider, provider key): judged on the statement texts the SQL Server
 * stand-in received. A hostile name reaches SQL Server only as one bracket-quoted identifier or one
 * N'...' literal (the injected statement never appears outside it), or not at all (refused before
 * sending); either way the objects it aimed at are untouched.
 */
class SqlInjectionThroughNameFieldsTest {
  /** Each one tries to close the quoting it expects and then drop the operator's EKM login. */
  static final List<String> PAYLOADS = List.of(
      "x]; DROP LOGIN [TDE_Login1]; --",
      "x'; DROP LOGIN [TDE_Login1]; --",
      "x]]'); DROP LOGIN [TDE_Login1]; --",
      "x\"; DROP LOGIN [TDE_Login1]; --");
  static final String INJECTED = "DROP LOGIN";

  private StandInSqlServer sql;

  @BeforeEach
  void start() throws Exception {
    sql = StandInSqlServer.start();
    sql.createVaultKey("ContosoTdeKey2");
    sql.instance.faults().clear();
  }

  @AfterEach
  void stop() {
    sql.close();
  }

  record Field(String name, Consumer<Attempt> use) {
    @Override
    public String toString() {
      return name;
    }
  }

  record Attempt(StandInSqlServer sql, String hostile) {
    SqlServerGateway gateway() {
      return sql.gateway();
    }
  }

  static Stream<Arguments> fieldsAndPayloads() {
    List<Field> fields = List.of(
        new Field("asymmetric key", a -> a.gateway().createAsymmetricKey(a.hostile(), "ContosoTdeKey2",
            KeyIntent.RECORDED_IN_STATUS)),
        new Field("database encryption key's key", a -> a.gateway().encryptDatabaseKeyWith("Sales", a.hostile())),
        new Field("database", a -> a.gateway().encryptDatabaseKeyWith(a.hostile(), "TDE_KEY1")),
        new Field("login", a -> a.gateway().createLoginFromAsymmetricKey(a.hostile(), "TDE_KEY1")),
        new Field("login of a credential", a -> a.gateway().addCredentialToLogin(a.hostile(), "Azure_EKM_TDE_cred1")),
        new Field("credential", a -> a.gateway().createCredential(a.hostile(), StandInSqlServer.VAULT,
            StandInSqlServer.secret())),
        new Field("credential secret change", a -> a.gateway().alterCredentialSecret(a.hostile(),
            StandInSqlServer.VAULT, StandInSqlServer.secret())),
        new Field("credential added to a login", a -> a.gateway().addCredentialToLogin("TDE_Login1", a.hostile())),
        new Field("credential dropped from a login", a -> a.gateway().dropCredentialFromLogin("TDE_Login1",
            a.hostile())),
        new Field("EKM provider", a -> SqlServerGatewayFactory.mssqlJdbc()
            .create(a.sql().endpoint().withEkmProvider(a.hostile()))
            .createAsymmetricKey("TDE_KEY7", "ContosoTdeKey2", KeyIntent.RECORDED_IN_STATUS)),
        new Field("provider key", a -> a.gateway().createAsymmetricKey("TDE_KEY8", a.hostile(),
            KeyIntent.RECORDED_IN_STATUS)),
        new Field("vault (credential identity)", a -> a.gateway().createCredential("c9", a.hostile(),
            StandInSqlServer.secret())));
    return fields.stream().flatMap(f -> PAYLOADS.stream().map(p -> Arguments.of(f, p)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("fieldsAndPayloads")
  void hostileNameReachesSqlServerOnlyQuotedOrNotAtAll(Field field, String hostile) {
    try {
      field.use().accept(new Attempt(sql, hostile));
    } catch (GatewayException | IllegalArgumentException refusedOrFailed) {
      // refused before sending (InvalidSpec) or failed in SQL Server (no such object): the texts decide
    }
    List<String> texts = sql.instance.faults().requestTexts();
    assertThat(texts).allSatisfy(text -> assertThat(outsideQuotes(text, hostile))
        .as("statement text with the hostile name's quoted forms removed").doesNotContain(INJECTED));
    assertThat(sql.gateway().loginsFromAsymmetricKeys()).extracting(KeyMappedLogin::name).contains("TDE_Login1");
    assertThat(sql.gateway().credentialsOfLogin("TDE_Login1")).contains("Azure_EKM_TDE_cred1");
  }

  /** The text without the two safe forms, written out here (not TSql's) so that a quoting bug shows. */
  private static String outsideQuotes(String text, String hostile) {
    String bracketed = "[" + hostile.replace("]", "]]") + "]";
    String literal = "N'" + hostile.replace("'", "''") + "'";
    return text.replace(bracketed, "").replace(literal, "");
  }
}

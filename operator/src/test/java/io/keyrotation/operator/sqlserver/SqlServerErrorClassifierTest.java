package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Error numbers and connector provider codes to reasons, as a table. */
class SqlServerErrorClassifierTest {

  private static GatewayException classify(int number, String message) {
    return SqlErrorClassifier.classify("sql1", "testing", new SQLException(message, "S0001", number), List.of());
  }

  @ParameterizedTest
  @CsvSource({
      "18456, Unauthenticated",
      "15247, Forbidden",
      "300, Forbidden",
      "229, Forbidden",
      "15151, NotFound",
      "911, NotFound",
      "15025, Conflict",
      "15282, Conflict",
      "3906, Conflict",
      "976, Conflict",
      "978, Conflict",
      "33118, Conflict",
      "33104, NotFound",
      "1205, Unavailable",
      "3023, Unavailable",
      "33110, Unavailable",
      "33122, Unavailable",
      "102, SqlError"})
  void mapsSqlServerErrorNumbers(int number, FailureReason reason) {
    assertThat(classify(number, "message").reason()).isEqualTo(reason);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "3023 | Wait for the backup to finish",
      "33122 | Take a log backup of the database (BACKUP LOG)",
      "976 | connect to the primary replica (or the listener), or allow read access on the secondary",
      "3906 | run the step on the primary replica",
      "33118 | make every filegroup READ_WRITE"})
  void saysWhatToDoAboutDatabaseEncryptionAndReplicaErrors(int number, String advice) {
    assertThat(classify(number, "message").getMessage()).contains("error " + number).contains(advice);
  }

  @Test
  void classifiesTheSpecificErrorBehindAlterDatabaseStatementFailed() {
    SQLException generic = new SQLException("ALTER DATABASE statement failed.", "S0001", 5069);
    generic.setNextException(new SQLException("This command requires a database encryption scan on database "
        + "'Sales'. However, the database has changes from previous encryption scans that are pending log backup. "
        + "Take a log backup and retry the command.", "S0001", 33122));
    GatewayException e = SqlErrorClassifier.classify("sql1", "testing", generic, List.of());
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("error 33122").contains("BACKUP LOG");
  }

  @ParameterizedTest
  @CsvSource({
      "2058, NotFound",
      "3076, NotFound",
      "3112, NotFound",
      "3900, NotFound",
      "3077, Forbidden",
      "3113, Forbidden",
      "3010, Unauthenticated",
      "3108, Unauthenticated",
      "3303, Unauthenticated",
      "3011, Throttled",
      "3109, Throttled",
      "2049, InvalidSpec",
      "2050, InvalidSpec",
      "3013, Unavailable"})
  void mapsConnectorProviderCodesCarriedByError33049(int code, FailureReason reason) {
    GatewayException e = classify(33049, "Key with name 'K' does not exist in the provider or access is denied. "
        + "Provider error code: " + code + ".  (Provider Error - No explanation is available, consult EKM Provider "
        + "for details)");
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.getMessage()).contains("connector error " + code + " (");
  }

  @ParameterizedTest
  @CsvSource({"08S01", "08001", "HY008"})
  void mapsConnectionAndTimeoutFailuresToUnavailable(String sqlState) {
    GatewayException e = SqlErrorClassifier.classify("sql1", "testing", new SQLException("gone", sqlState, 0),
        List.of());
    assertThat(e.reason()).isEqualTo(FailureReason.Unavailable);
    assertThat(e.retryable()).isTrue();
  }
}

package io.keyrotation.operator.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.sql.SQLException;
import java.util.List;
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
      "1205, Unavailable",
      "102, SqlError"})
  void mapsSqlServerErrorNumbers(int number, FailureReason reason) {
    assertThat(classify(number, "message").reason()).isEqualTo(reason);
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

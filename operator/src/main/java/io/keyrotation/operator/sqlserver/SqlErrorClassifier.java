package io.keyrotation.operator.sqlserver;

import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a driver exception into a {@link GatewayException} with one of the shared reasons and a
 * message that says what to check. SQL Server error numbers decide the reason; when the message
 * carries a connector provider code, that code decides, and its explanation is appended. Known
 * secret values are removed from the message, and the driver exception is not chained (its
 * text could echo a statement).
 */
final class SqlErrorClassifier {
  private static final Set<Integer> UNAUTHENTICATED = Set.of(18456, 18452, 18470, 18486, 18487, 18488);
  private static final Set<Integer> FORBIDDEN = Set.of(229, 230, 262, 297, 300, 916, 15247);
  private static final Set<Integer> NOT_FOUND = Set.of(208, 911, 4060, 15151, 33104, 33105, 33111);
  private static final Set<Integer> CONFLICT = Set.of(15025, 15282, 15550, 3906, 976, 978, 33118, 33042);
  private static final Set<Integer> UNAVAILABLE = Set.of(1205, 40613, 40501, 40197, 17142, 3023, 33110, 33122);
  private static final int EKM_KEY_ERROR = 33049;
  /** scp_err_AuthFailure; the SQL Server stand-in reports a login without a mapped credential with it. */
  private static final int NO_CREDENTIAL_MAPPED = 5;
  /** Msg 33110: a scan or key change is in progress; the gateway treats it as "wait", not as a failure. */
  static final int KEY_CHANGE_IN_PROGRESS = 33110;
  /**
   * "ALTER DATABASE statement failed." / "BACKUP ... terminating abnormally." follow the specific
   * error. mssql-jdbc reports the first ERROR token of a reply and chains the others as next
   * exceptions; should the generic one come first, the specific one decides.
   */
  private static final Set<Integer> GENERIC_FOLLOW_UPS = Set.of(5069, 3013);

  /** What to do about specific errors (texts from "Database engine events and errors"). */
  private static final Map<Integer, String> ADVICE = Map.of(
      3023, "A backup of the database is running; SQL Server serializes backups and encryption changes. Wait for "
          + "the backup to finish; the step is retried with backoff.",
      33122, "The database encryption key was modified twice since the last log backup. Take a log backup of the "
          + "database (BACKUP LOG); the step is retried with backoff.",
      33110, "An encryption scan or key change of the database is in progress; the step is retried after it ends.",
      33118, "The database is read-only, has read-only filegroups or files, or is not recovered: make every "
          + "filegroup READ_WRITE (or the database online) before re-encrypting its key.",
      976, "The database is in an availability group and this replica is a secondary that does not allow reads: "
          + "connect to the primary replica (or the listener), or allow read access on the secondary "
          + "(SECONDARY_ROLE ALLOW_CONNECTIONS) to verify there; the primary's view shows the same key.",
      978, "This secondary replica accepts read-intent connections only: connect to the primary replica (or the "
          + "listener), or allow ALL connections on the secondary to verify there.",
      3906, "The database is read-only here, e.g. on an availability group secondary: run the step on the primary "
          + "replica (connect to it or to the listener).");

  private SqlErrorClassifier() {}

  static GatewayException classify(String instance, String operation, SQLException thrown,
      Collection<String> secrets) {
    SQLException e = GENERIC_FOLLOW_UPS.contains(thrown.getErrorCode()) && thrown.getNextException() != null
        ? thrown.getNextException() : thrown;
    int number = e.getErrorCode();
    String sqlState = e.getSQLState() == null ? "" : e.getSQLState();
    String text = redact(e.getMessage(), secrets);
    Optional<Integer> providerCode = number == EKM_KEY_ERROR || number == 0
        ? ConnectorErrorCodes.providerCodeIn(text) : Optional.empty();
    FailureReason reason = providerCode.map(SqlErrorClassifier::reasonForProviderCode)
        .orElseGet(() -> reasonFor(number, sqlState, e));
    StringBuilder message = new StringBuilder()
        .append("SQL Server '").append(instance).append("' ").append(operation).append(" failed");
    if (number != 0) {
      message.append(": error ").append(number);
    }
    message.append(": ").append(text);
    providerCode.flatMap(ConnectorErrorCodes::explain).ifPresent(x -> message.append(" [").append(x).append(']'));
    hint(reason, number, providerCode).ifPresent(h -> message.append(' ').append(h));
    return new GatewayException(reason, message.toString());
  }

  static FailureReason reasonForProviderCode(int code) {
    return switch (code) {
      case 2058, 3076, 3112, 404, 4, 3900 -> FailureReason.NotFound;
      case 3077, 3113 -> FailureReason.Forbidden;
      case 3010, 3108, 3303, 3304, 3305, 401, 5 -> FailureReason.Unauthenticated;
      case 3011, 3109 -> FailureReason.Throttled;
      case 2049, 2050, 3012, 3110 -> FailureReason.InvalidSpec;
      case 3013, 3111, 3003, 3004, 3005, 3006, 3008, 3009, 3019, 3101, 3102, 3103, 3104, 3106, 3107, 3119 ->
          FailureReason.Unavailable;
      default -> FailureReason.SqlError;
    };
  }

  private static FailureReason reasonFor(int number, String sqlState, SQLException e) {
    if (UNAUTHENTICATED.contains(number)) return FailureReason.Unauthenticated;
    if (FORBIDDEN.contains(number)) return FailureReason.Forbidden;
    if (NOT_FOUND.contains(number)) return FailureReason.NotFound;
    if (CONFLICT.contains(number)) return FailureReason.Conflict;
    if (UNAVAILABLE.contains(number)) return FailureReason.Unavailable;
    if (number == 0 && (sqlState.startsWith("08") || sqlState.equals("HY008") || e instanceof SQLTimeoutException)) {
      return FailureReason.Unavailable; // connection refused, dropped or timed out
    }
    if (number == 0 && sqlState.isEmpty()) {
      return FailureReason.Unavailable; // the driver's own I/O failures carry no state
    }
    return FailureReason.SqlError;
  }

  private static Optional<String> hint(FailureReason reason, int number, Optional<Integer> providerCode) {
    if (providerCode.equals(Optional.of(NO_CREDENTIAL_MAPPED))) {
      return Optional.of("The login that runs the statement needs an EKM credential for the provider mapped to it: "
          + "CREATE ASYMMETRIC KEY uses the operator's own login's credential, a database key the credential of "
          + "the login created from the asymmetric key.");
    }
    if (providerCode.isEmpty() && ADVICE.containsKey(number)) {
      return Optional.of(ADVICE.get(number));
    }
    if (providerCode.isPresent()) {
      return reason == FailureReason.Unauthenticated
          ? Optional.of("Check the credential's SECRET (client id without hyphens + client secret) and that the "
              + "client secret is still valid; after ALTER CREDENTIAL the instance must be restarted.")
          : Optional.empty();
    }
    return switch (reason) {
      case Unauthenticated -> number == 0 ? Optional.empty()
          : Optional.of("Check the login name and password in the login Secret.");
      case Forbidden -> Optional.of("The operator's login needs CREATE ASYMMETRIC KEY, ALTER ANY LOGIN, "
          + "ALTER ANY CREDENTIAL, VIEW SERVER STATE, VIEW ANY DATABASE, CONTROL on each TDE database and "
          + "VIEW DEFINITION on asymmetric keys it did not create.");
      case Unavailable -> Optional.of("Retrying with backoff.");
      default -> Optional.empty();
    };
  }

  static String redact(String text, Collection<String> secrets) {
    String result = text == null ? "" : text;
    for (String secret : secrets) {
      if (secret != null && secret.length() >= 4) {
        result = result.replace(secret, "***");
      }
    }
    return result;
  }
}

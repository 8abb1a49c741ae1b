package io.keyrotation.operator.status;

/**
 * One call to an external system as a user hands it to Microsoft support: which system and operation (the metric
 * labels, never a key, secret or statement text), how it ended, and the ids the service can look it up by.
 *
 * @param system keyvault, graph, blob or sqlserver
 * @param operation a fixed verb per system (for SQL Server the gateway operation, i.e. the kind of statement)
 * @param outcome {@code success} or a {@link FailureReason} name
 * @param requestId the id the service returned ({@code x-ms-request-id} for Key Vault and Blob, {@code request-id}
 *     for Graph), or null when there was no answer or the system has none
 * @param clientRequestId the id the client sent ({@code x-ms-client-request-id} or Graph's {@code client-request-id}),
 *     or null
 */
public record ExternalCall(String system, String operation, String outcome, String requestId, String clientRequestId) {
  public static final String SUCCESS = "success";

  public boolean succeeded() {
    return SUCCESS.equals(outcome);
  }

  /** For a log message: {@code keyvault createKey Forbidden (request id ..., client request id ...)}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(system).append(' ').append(operation).append(' ').append(outcome);
    if (requestId != null || clientRequestId != null) {
      text.append(" (");
      if (requestId != null) {
        text.append("request id ").append(requestId);
      }
      if (clientRequestId != null) {
        text.append(requestId == null ? "" : ", ").append("client request id ").append(clientRequestId);
      }
      text.append(')');
    }
    return text.toString();
  }
}

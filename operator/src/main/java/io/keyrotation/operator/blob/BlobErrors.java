package io.keyrotation.operator.blob;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.storage.blob.models.BlobStorageException;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Classifies what the Blob SDK throws into the gateways' reasons, with what to check. Storage error
 * codes from "Blob service error codes" and "Common REST API error codes" (Microsoft Learn): 403
 * {@code AuthorizationPermissionMismatch} needs the "Storage Blob Data Contributor" role; 503
 * {@code ServerBusy} and 500 {@code OperationTimedOut} are the account's throttling.
 */
final class BlobErrors {
  private final URI container;

  BlobErrors(URI container) {
    this.container = container;
  }

  GatewayException classify(Throwable failure, String action) {
    String what = "Cannot " + action + " in Blob container " + container;
    // The whole chain first: the storage pipeline wraps a credential failure in I/O exceptions.
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof GatewayException known) {
        return known;
      }
      if (t instanceof BlobStorageException storage) {
        return fromStorage(storage, what);
      }
      if (isCredentialFailure(t)) {
        return new GatewayException(FailureReason.Unauthenticated, what + ": no token for https://storage.azure.com ("
            + t.getClass().getSimpleName() + "). Check the tenant id, client id and secret, or the workload identity.", failure);
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpResponseException http && http.getResponse() != null) {
        return fromStatus(http.getResponse().getStatusCode(), "", what, failure);
      }
      if (t instanceof UnknownHostException) {
        return new GatewayException(FailureReason.NotFound, what + ": the storage account's host name does not resolve; check the container URL.", failure);
      }
      if (t instanceof SSLException) {
        return new GatewayException(FailureReason.Unavailable, what + ": TLS handshake failed. If the account is reached through a "
            + "private CA, set KEYROTATION_EXTRA_CA_FILE to its CA certificate (PEM).", failure);
      }
      if (t instanceof TimeoutException || t instanceof IOException) {
        return new GatewayException(FailureReason.Unavailable, what + ": the storage account could not be reached ("
            + t.getClass().getSimpleName() + "); the operator retries with backoff.", failure);
      }
    }
    return new GatewayException(FailureReason.Unavailable, what + ": " + failure.getClass().getSimpleName(), failure);
  }

  private static boolean isCredentialFailure(Throwable t) {
    String type = t.getClass().getName();
    return t instanceof ClientAuthenticationException || type.startsWith("com.azure.identity.")
        || type.startsWith("com.microsoft.aad.msal4j.") || (t.getMessage() != null && t.getMessage().contains("AADSTS"));
  }

  private static GatewayException fromStorage(BlobStorageException e, String what) {
    String code = e.getErrorCode() == null ? "" : e.getErrorCode().toString();
    return fromStatus(e.getStatusCode(), code, what, e);
  }

  private static GatewayException fromStatus(int status, String code, String what, Throwable cause) {
    String detail = code.isEmpty() ? "HTTP " + status : "HTTP " + status + " " + code;
    return switch (status) {
      case 401 -> new GatewayException(FailureReason.Unauthenticated, what + " (" + detail + "): the token was refused; "
          + "check the tenant and that the token is for https://storage.azure.com.", cause);
      case 403 -> new GatewayException(FailureReason.Forbidden, what + " (" + detail + "): the identity needs the "
          + "'Storage Blob Data Contributor' role on the container (or the account firewall blocks the operator).", cause);
      case 404 -> new GatewayException(FailureReason.NotFound, what + " (" + detail + "): "
          + ("ContainerNotFound".equals(code) ? "create the container first; the operator never creates or deletes containers." : "not found."), cause);
      case 409, 412 -> new GatewayException(FailureReason.Conflict, what + " (" + detail + ").", cause);
      case 429, 503 -> new GatewayException(FailureReason.Throttled, what + " (" + detail + "): the storage account is busy; retried with backoff.", cause);
      case 400 -> new GatewayException(FailureReason.InvalidRequest, what + " (" + detail + ").", cause);
      default -> new GatewayException(status >= 500 ? FailureReason.Unavailable : FailureReason.InvalidRequest, what + " (" + detail + ").", cause);
    };
  }
}

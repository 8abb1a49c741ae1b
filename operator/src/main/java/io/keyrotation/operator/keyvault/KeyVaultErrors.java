package io.keyrotation.operator.keyvault;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.identity.CredentialUnavailableException;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Turns whatever the Azure SDK throws into a {@link GatewayException} with one of the gateway's
 * reasons and a message that says what to check. Secrets never reach a message: the client secret
 * of the identity in use and anything shaped like a bearer token are removed.
 */
final class KeyVaultErrors {
  private static final Pattern SERVER_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  private static final int MAX_DETAIL = 400;

  private final URI vault;
  private final AzureIdentity identity;
  private final Supplier<Optional<Throwable>> lastCredentialFailure;

  KeyVaultErrors(URI vault, AzureIdentity identity, Supplier<Optional<Throwable>> lastCredentialFailure) {
    this.vault = vault;
    this.identity = identity;
    this.lastCredentialFailure = lastCredentialFailure;
  }

  GatewayException classify(Throwable failure, VaultCall call, String target) {
    String what = call.description() + (target == null ? "" : " '" + target + "'") + " in Key Vault " + vault;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof GatewayException known) {
        return known;
      }
      if (t instanceof RateLimitExceededException) {
        return new GatewayException(FailureReason.Throttled, "Cannot " + what + " now: the operator's own rate limit for this vault "
            + "is used up for longer than it waits for a permit; it will retry later. Raise the limit only if the vault's published limits allow it.");
      }
      if (t instanceof HttpResponseException http && http.getResponse() != null) {
        return fromStatus(http, call, what);
      }
      if (isCredentialFailure(t)) {
        return unauthenticated(what, t);
      }
      if (t instanceof UnknownHostException) {
        return new GatewayException(FailureReason.NotFound, "Cannot " + what + ": the vault's host name does not resolve. "
            + "Check the vault URL; a deleted vault disappears from DNS (SQL Server connector error 3900).", failure);
      }
      if (t instanceof SSLException) {
        return new GatewayException(FailureReason.Unavailable, "Cannot " + what + ": TLS handshake failed ("
            + redact(t.getMessage()) + "). If the vault or authority is reached through a private CA or TLS-inspecting proxy, "
            + "set KEYROTATION_EXTRA_CA_FILE to its CA certificate (PEM).", failure);
      }
      if (t instanceof TimeoutException) {
        return new GatewayException(FailureReason.Unavailable, "Cannot " + what + ": the vault did not answer in time ("
            + redact(t.getMessage()) + "). It may be overloaded or a network path may drop packets; the operator retries "
            + "with backoff.", failure);
      }
      if (t instanceof ConnectException || t instanceof java.io.IOException) {
        return new GatewayException(FailureReason.Unavailable, "Cannot " + what + ": the vault could not be reached ("
            + redact(t.getClass().getSimpleName() + ": " + t.getMessage()) + "). Check network egress to the vault "
            + "(port 443, private endpoint DNS); the operator retries with backoff.", failure);
      }
    }
    if (failure instanceof NullPointerException) {
      // SDK quirk: when the credential fails, the key client can throw an NPE instead of its error.
      Optional<Throwable> credentialFailure = lastCredentialFailure.get();
      if (credentialFailure.isPresent()) {
        return unauthenticated(what, credentialFailure.get());
      }
      return new GatewayException(FailureReason.Unauthenticated, "Cannot " + what + ": the Azure credential ("
          + identity + ") produced no access token. " + unauthenticatedAdvice(), failure);
    }
    if (failure instanceof IllegalArgumentException) {
      return new GatewayException(FailureReason.InvalidRequest, "Cannot " + what + ": " + redact(failure.getMessage()), failure);
    }
    return new GatewayException(FailureReason.Unavailable, "Cannot " + what + ": unexpected failure ("
        + redact(failure.getClass().getSimpleName() + ": " + failure.getMessage()) + ").", failure);
  }

  private GatewayException fromStatus(HttpResponseException http, VaultCall call, String what) {
    int status = http.getResponse().getStatusCode();
    String detail = serverMessage(http);
    return switch (status) {
      case 400 -> new GatewayException(FailureReason.InvalidRequest, "Key Vault refused to " + what + " as invalid (HTTP 400): " + detail
          + (call == VaultCall.RESTORE_KEY ? " A key backup restores only into a vault of the same Azure geography "
              + "(security world) and subscription as the vault it was taken from." : "")
          + (detail.contains("standard vault") ? " HSM-protected keys (RSA-HSM) need a Premium vault: use spec.key.type RSA "
              + "or move the vault to the Premium tier." : ""), http);
      case 401 -> new GatewayException(FailureReason.Unauthenticated, "Key Vault did not accept the operator's token to " + what
          + " (HTTP 401): " + detail + " " + unauthenticatedAdvice(), http);
      case 403 -> new GatewayException(FailureReason.Forbidden, "Identity " + who() + " may not " + what + " (HTTP 403): " + detail
          + (detail.contains("Client address")
              ? " The vault's firewall blocks the operator: allow its outbound IP address or reach the vault through a private endpoint."
              : " This step needs the key permission '" + call.permission() + "' in the vault's access policy, or with Azure RBAC "
                  + "a role granting " + call.dataAction() + " (e.g. Key Vault Crypto Officer)."), http);
      case 404 -> new GatewayException(FailureReason.NotFound, "Cannot " + what + ": not found (HTTP 404): " + detail, http);
      case 409 -> new GatewayException(FailureReason.Conflict, "Cannot " + what + ": conflict (HTTP 409): " + detail
          + " A key with this name exists, possibly soft-deleted; the operator never deletes or purges keys to make room.", http);
      case 429 -> new GatewayException(FailureReason.Throttled, "Key Vault throttled the request to " + what + " (HTTP 429"
          + retryAfterText(http) + ") after the allowed retries: " + detail + " The operator retries later; if this persists, "
          + "lower its rate limits or spread keys over more vaults.", http);
      default -> status >= 500 || status == 408
          ? new GatewayException(FailureReason.Unavailable, "Key Vault failed to " + what + " (HTTP " + status + "): " + detail
              + " The operator retries with backoff.", http)
          : new GatewayException(FailureReason.InvalidRequest, "Key Vault refused to " + what + " (HTTP " + status + "): " + detail, http);
    };
  }

  private GatewayException unauthenticated(String what, Throwable credentialFailure) {
    String text = redact(firstLines(identityError(credentialFailure).getMessage()));
    return new GatewayException(FailureReason.Unauthenticated, "Cannot " + what + ": signing in as " + who()
        + " failed: " + text + " " + unauthenticatedAdvice() + (text.startsWith("AADSTS7000215") ? NEW_SECRET_ADVICE : ""),
        credentialFailure);
  }

  /** Azure AD refuses a just-added secret as invalid until it has replicated; a verifier should retry first. */
  private static final String NEW_SECRET_ADVICE = " A client secret added in the last few minutes can be refused like this "
      + "until Azure AD has replicated it: verify a new secret again after a short wait before treating it as wrong.";

  /** The Azure AD error itself (AADSTS...) rather than the exceptions wrapped around it. */
  private static Throwable identityError(Throwable failure) {
    Throwable best = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().startsWith("AADSTS")) {
        return t;
      }
      if (t.getClass().getName().startsWith("com.microsoft.aad.msal4j.")) {
        best = t;
      }
    }
    return best;
  }

  private String unauthenticatedAdvice() {
    return "Check the tenant id, client id and client secret (or the workload/managed identity), that the secret has not "
        + "expired, that the token is requested for https://vault.azure.net in the vault's tenant, and the authority host "
        + "(AZURE_AUTHORITY_HOST) for national clouds.";
  }

  private String who() {
    if (identity instanceof AzureIdentity.ClientSecret secret) {
      return "client id " + secret.clientId() + " (tenant " + secret.tenantId() + ")";
    }
    return "the default Azure credential (workload/managed identity)";
  }

  private static boolean isCredentialFailure(Throwable t) {
    String type = t.getClass().getName();
    return t instanceof ClientAuthenticationException
        || t instanceof CredentialUnavailableException
        || type.startsWith("com.microsoft.aad.msal4j.")
        || (t.getMessage() != null && t.getMessage().contains("AADSTS"));
  }

  private String serverMessage(HttpResponseException http) {
    String message = http.getMessage() == null ? "" : http.getMessage();
    Matcher m = SERVER_MESSAGE.matcher(message);
    String detail = m.find() ? m.group(1).replace("\\r\\n", " ").replace("\\n", " ").replace("\\\"", "\"") : message;
    return redact(detail);
  }

  private static String retryAfterText(HttpResponseException http) {
    String retryAfter = http.getResponse().getHeaderValue(com.azure.core.http.HttpHeaderName.RETRY_AFTER);
    return retryAfter == null ? "" : ", Retry-After " + retryAfter + " s";
  }

  private static String firstLines(String message) {
    if (message == null) {
      return "";
    }
    String oneLine = message.replace('\r', ' ').replace('\n', ' ');
    return oneLine.length() > MAX_DETAIL ? oneLine.substring(0, MAX_DETAIL) + "..." : oneLine;
  }

  String redact(String text) {
    if (text == null) {
      return "";
    }
    String result = JWT.matcher(text).replaceAll("<token>");
    if (identity instanceof AzureIdentity.ClientSecret secret) {
      result = result.replace(secret.secret(), "<redacted>");
    }
    return result.length() > MAX_DETAIL * 2 ? result.substring(0, MAX_DETAIL * 2) + "..." : result;
  }
}

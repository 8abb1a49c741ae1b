package io.keyrotation.operator.graph;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.identity.CredentialUnavailableException;
import io.keyrotation.operator.keyvault.AzureIdentity;
import io.keyrotation.operator.status.FailureReason;
import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Classifies Graph answers and transport failures into {@link GraphException}s whose messages say
 * what to check. Only Graph's error code and message are quoted (never a request or response body
 * that might hold a secret); the identity's own client secret and anything shaped like a token are
 * removed.
 */
final class GraphErrors {
  private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  private static final int MAX_DETAIL = 300;

  private final AzureIdentity identity;
  private final String endpoint;

  GraphErrors(AzureIdentity identity, String endpoint) {
    this.identity = identity;
    this.endpoint = endpoint;
  }

  GraphException fromStatus(int status, String body, String retryAfterHeader, String what, String appId) {
    String detail = detail(body);
    Duration retryAfter = retryAfter(retryAfterHeader);
    String action = "Cannot " + what + " of application " + appId + " in Microsoft Graph (" + endpoint + ")";
    return switch (status) {
      case 400 -> new GraphException(FailureReason.InvalidRequest, action + ": refused as invalid (HTTP 400): " + detail
          + (detail.contains("maximum of") ? " Azure AD limits the number of client secrets per application: remove an unused "
              + "one (never the one the targets use now) so that the rotation can add the new secret." : ""), null, null);
      case 401 -> new GraphException(FailureReason.Unauthenticated, action + ": Graph did not accept the operator's token (HTTP 401): "
          + detail + " Check spec.graphCredentials (or the workload identity), the tenant, and that the token is requested for "
          + "Microsoft Graph in this cloud (AZURE_AUTHORITY_HOST, KEYROTATION_GRAPH_ENDPOINT).", null, null);
      case 403 -> new GraphException(FailureReason.Forbidden, action + ": " + who() + " may not do this (HTTP 403): " + detail
          + " The operator's identity needs the Microsoft Graph application permission Application.ReadWrite.OwnedBy (with admin "
          + "consent) and must be an owner of application " + appId + ", or Application.ReadWrite.All.", null, null);
      case 404 -> new GraphException(FailureReason.NotFound, action + ": no such application (HTTP 404): " + detail
          + " Check spec.application.clientId (the application's client id, not its object id or the service principal's id) and "
          + "spec.tenantId: the operator's identity must sign in to the tenant that holds the application.", null, null);
      case 429 -> new GraphException(FailureReason.Throttled, action + ": Graph throttled the request (HTTP 429"
          + retryAfterText(retryAfter) + "): " + detail + " The operator retries later.", retryAfter, null);
      default -> status >= 500 || status == 408
          ? new GraphException(FailureReason.Unavailable, action + ": Graph failed (HTTP " + status + retryAfterText(retryAfter) + "): "
              + detail + " The operator retries with backoff.", retryAfter, null)
          : new GraphException(FailureReason.InvalidRequest, action + ": refused (HTTP " + status + "): " + detail, null, null);
    };
  }

  GraphException fromFailure(Throwable failure, String what, String appId) {
    String action = "Cannot " + what + " of application " + appId + " in Microsoft Graph (" + endpoint + ")";
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof GraphException known) {
        return known;
      }
      if (isCredentialFailure(t)) {
        return new GraphException(FailureReason.Unauthenticated, action + ": signing in as " + who() + " for Microsoft Graph failed: "
            + redact(firstLine(t.getMessage())) + " Check spec.graphCredentials (or the workload identity) and AZURE_AUTHORITY_HOST.",
            null, failure);
      }
      if (t instanceof UnknownHostException) {
        return new GraphException(FailureReason.Unavailable, action + ": the Graph host does not resolve. Check "
            + "KEYROTATION_GRAPH_ENDPOINT and the cluster's DNS and egress.", null, failure);
      }
      if (t instanceof SSLException) {
        return new GraphException(FailureReason.Unavailable, action + ": TLS handshake failed (" + redact(firstLine(t.getMessage()))
            + "). Behind a private CA or TLS-inspecting proxy, set KEYROTATION_EXTRA_CA_FILE.", null, failure);
      }
      if (t instanceof TimeoutException || t instanceof IOException) {
        return new GraphException(FailureReason.Unavailable, action + ": Graph did not answer (" + t.getClass().getSimpleName()
            + "). The operator retries with backoff.", null, failure);
      }
    }
    return new GraphException(FailureReason.Unavailable, action + ": unexpected failure (" + failure.getClass().getSimpleName() + ": "
        + redact(firstLine(failure.getMessage())) + ").", null, failure);
  }

  private String detail(String body) {
    if (body == null || body.isBlank()) {
      return "(no details)";
    }
    Matcher code = CODE.matcher(body);
    Matcher message = MESSAGE.matcher(body);
    String text = (code.find() ? code.group(1) + ": " : "") + (message.find() ? message.group(1).replace("\\\"", "\"") : "");
    return redact(text.isBlank() ? "(no details)" : text);
  }

  private static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return null; // an HTTP-date: the retry policy already honoured it; backoff decides the rest
    }
  }

  private static String retryAfterText(Duration retryAfter) {
    return retryAfter == null ? "" : ", Retry-After " + retryAfter.toSeconds() + " s";
  }

  private String who() {
    return identity instanceof AzureIdentity.ClientSecret secret
        ? "client id " + secret.clientId() + " (tenant " + secret.tenantId() + ")"
        : "the default Azure credential (workload/managed identity)";
  }

  private static boolean isCredentialFailure(Throwable t) {
    return t instanceof ClientAuthenticationException || t instanceof CredentialUnavailableException
        || t.getClass().getName().startsWith("com.microsoft.aad.msal4j.")
        || t.getMessage() != null && t.getMessage().contains("AADSTS");
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String line = text.replace('\r', ' ').replace('\n', ' ');
    return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "..." : line;
  }

  String redact(String text) {
    String result = JWT.matcher(text == null ? "" : text).replaceAll("<token>");
    if (identity instanceof AzureIdentity.ClientSecret secret) {
      result = result.replace(secret.secret(), "<redacted>");
    }
    return result.length() > MAX_DETAIL ? result.substring(0, MAX_DETAIL) + "..." : result;
  }
}

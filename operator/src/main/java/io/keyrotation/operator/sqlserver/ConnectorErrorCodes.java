package io.keyrotation.operator.sqlserver;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL Server Connector for Azure Key Vault's provider error codes, with the explanations of
 * its documentation (appendix C of "SQL Server Connector maintenance and troubleshooting",
 * restated in English), so a failure's condition message says what to check.
 */
public final class ConnectorErrorCodes {
  /** A code, its symbol in the connector, and what it means. */
  public record Explanation(int code, String symbol, String text) {
    @Override
    public String toString() {
      return "connector error " + code + " (" + symbol + "): " + text;
    }
  }

  private static final Pattern PROVIDER_CODE = Pattern.compile("[Pp]rovider error code:?\\s*(\\d+)");
  private static final Map<Integer, Explanation> CODES = new HashMap<>();

  static {
    add(0, "scp_err_Success", "The operation succeeded.");
    add(1, "scp_err_Failure", "The operation failed.");
    add(3, "scp_err_NotSupported", "The operation is not supported, e.g. the EKM provider does not support the key type or algorithm.");
    add(4, "scp_err_NotFound", "The EKM provider could not find the key or algorithm.");
    add(5, "scp_err_AuthFailure", "Authentication with the EKM provider failed: check that a credential for the provider is mapped to the login.");
    add(6, "scp_err_InvalidArgument", "An argument was invalid.");
    add(7, "scp_err_ProviderError", "An unknown error occurred in the EKM provider and was caught by the SQL engine.");
    add(401, "acquireToken", "The server answered 401: check the client id and secret, and that the credential secret is the client id without hyphens followed by the secret.");
    add(404, "getKeyByName", "The server answered 404 because the key name was not found: make sure the key exists in the vault.");
    add(2049, "scp_err_KeyNameDoesNotFitThumbprint", "The key name is too long to fit the SQL engine's thumbprint: key names must not exceed 26 characters.");
    add(2050, "scp_err_PasswordTooShort", "The secret, the concatenation of the AAD client id and secret, is shorter than 32 characters.");
    add(2051, "scp_err_OutOfMemory", "The SQL engine ran out of memory allocating memory for the EKM provider.");
    add(2052, "scp_err_ConvertKeyNameToThumbprint", "The key name could not be converted to a thumbprint.");
    add(2053, "scp_err_ConvertThumbprintToKeyName", "The thumbprint could not be converted to a key name.");
    add(2058, "Msg 33049: key not found or access denied", "The key does not exist in the provider or access is denied: check that the key (and version) exists in the vault and that the credential's identity has get, list, wrapKey and unwrapKey on it.");
    add(3000, "ErrorSuccess", "The Key Vault operation succeeded.");
    add(3001, "ErrorUnknown", "The Key Vault operation failed with an unknown error.");
    for (int code : new int[] {3003, 3004, 3005, 3006, 3008, 3009, 3019, 3101, 3102, 3103, 3104, 3106, 3107, 3119}) {
      add(code, "ErrorHttpNetwork", "A network error prevented the HTTP request to Key Vault: check that the instance reaches login.microsoftonline.com:443 and *.vault.azure.net:443.");
    }
    add(3010, "ErrorHttpResponseCodeUnauthorized", "The server answered 401.");
    add(3011, "ErrorHttpResponseCodeThrottled", "The server throttled the request.");
    add(3012, "ErrorHttpResponseCodeClientError", "The connector sent an invalid request; usually the key name is invalid or contains invalid characters.");
    add(3013, "ErrorHttpResponseCodeServerError", "The server answered with a status between 500 and 600.");
    add(3076, "ErrorHttpResourceNotFound", "The server answered 404 because the key name was not found: make sure the key exists in the vault.");
    add(3077, "ErrorHttpOperationForbidden", "The server answered 403: the identity lacks permission for the operation; the connector needs at least get, list, wrapKey and unwrapKey.");
    add(3108, "ErrorHttpResponseCodeUnauthorized", "The server answered 401: make sure the client id and secret are correct and the credential secret is the AAD client id without hyphens followed by the secret.");
    add(3109, "ErrorHttpResponseCodeThrottled", "The server throttled the request.");
    add(3110, "ErrorHttpResponseCodeClientError", "The request was invalid; usually the key name is invalid or contains invalid characters.");
    add(3111, "ErrorHttpResponseCodeServerError", "The server answered with a status between 500 and 600.");
    add(3112, "ErrorHttpResourceNotFound", "The server answered 404 because the key name was not found: make sure the key exists in the vault.");
    add(3113, "ErrorHttpOperationForbidden", "The server answered 403: the identity lacks permission; at least get, wrapKey and unwrapKey are needed.");
    add(3303, "ErrorGetTokenBadCredentials", "No token could be obtained because the credentials are wrong: make sure the credential string or certificate is valid.");
    add(3304, "ErrorGetTokenFailedToGetToken", "The credentials are right but no valid token could be obtained.");
    add(3305, "ErrorGetTokenRejected", "The token is valid but the server rejected it.");
    add(3306, "ErrorGetTokenNotFound", "No token was found in the response.");
    add(3900, "ErrorAKVDoesNotExist", "The Internet name did not resolve; this usually means the Azure Key Vault was deleted.");
    add(4000, "ErrorCreateKeyVaultRetryManagerOutOfMemory", "Out of memory creating the retry manager for Key Vault operations.");
  }

  private ConnectorErrorCodes() {}

  private static void add(int code, String symbol, String text) {
    CODES.put(code, new Explanation(code, symbol, text));
  }

  public static Optional<Explanation> explain(int code) {
    return Optional.ofNullable(CODES.get(code));
  }

  /** The provider error code an SQL Server message carries ("... Provider error code: 2058."), if any. */
  public static Optional<Integer> providerCodeIn(String message) {
    if (message == null) {
      return Optional.empty();
    }
    Matcher matcher = PROVIDER_CODE.matcher(message);
    return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
  }
}

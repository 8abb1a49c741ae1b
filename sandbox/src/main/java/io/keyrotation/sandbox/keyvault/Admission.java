package io.keyrotation.sandbox.keyvault;

import java.util.Optional;

/**
 * The vault's answer to a request made through the Java API by another stand-in (the SQL Server
 * EKM model): 200 when allowed; otherwise the HTTP status the vault would have answered (403 no
 * permission or firewall fault, 429 throttled, 401/404/5xx injected) and, for 429 and 503, how
 * many seconds until a retry may succeed.
 */
public record Admission(int status, Optional<Long> retryAfterSeconds) {
  public boolean allowed() {
    return status == 200;
  }
}

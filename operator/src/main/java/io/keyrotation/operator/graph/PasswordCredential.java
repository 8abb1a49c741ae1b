package io.keyrotation.operator.graph;

import java.time.Instant;
import java.util.Objects;

/**
 * A client secret of an application as Microsoft Graph lists it ({@code passwordCredential}):
 * never the secret itself, only its key id, display name, the first three characters ({@code hint})
 * and its validity period.
 */
public record PasswordCredential(String keyId, String displayName, String hint, Instant startDateTime, Instant endDateTime) {
  public PasswordCredential {
    Objects.requireNonNull(keyId, "keyId");
  }

  /** Whether the secret has expired at {@code now} (Azure AD refuses it from its end time on). */
  public boolean expiredAt(Instant now) {
    return endDateTime != null && !now.isBefore(endDateTime);
  }
}

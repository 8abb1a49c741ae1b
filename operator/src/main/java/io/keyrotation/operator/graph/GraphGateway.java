package io.keyrotation.operator.graph;

import java.time.Instant;
import java.util.List;

/**
 * Microsoft Graph, as far as client secret rotation needs it: an application's password
 * credentials, addressed by the application's client id ({@code appId}). Failures are thrown as
 * {@link GraphException}, classified (Unauthenticated, Forbidden, NotFound, Throttled, Unavailable,
 * InvalidRequest) with what to check; no message contains a secret.
 */
public interface GraphGateway {

  /** {@code GET /applications(appId='...')?$select=passwordCredentials}. */
  List<PasswordCredential> passwordCredentials(String appId);

  /**
   * {@code POST /applications(appId='...')/addPassword}: Azure AD generates the secret and returns
   * it once. Sent once and never retried by the gateway: a retry after a lost answer would add a
   * second credential whose text nobody knows. A caller that does not get an answer finds the
   * credential by its display name and removes it.
   */
  AddedPassword addPassword(String appId, String displayName, Instant endDateTime);

  /** {@code POST /applications(appId='...')/removePassword}; {@code NotFound} when no such key id exists. */
  void removePassword(String appId, String keyId);
}

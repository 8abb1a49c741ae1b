package io.keyrotation.operator.status;

/**
 * The small, closed set of reasons a step can fail for. Used as the {@code reason} of status
 * conditions and events and as a metric label, so the names are part of the user-facing API.
 */
public enum FailureReason {
  /** No token, a token for the wrong resource or tenant, an expired token, a wrong client id/secret. */
  Unauthenticated,
  /** Authenticated, but the identity lacks a permission (access policy, RBAC role, SQL permission) or a firewall blocks it. */
  Forbidden,
  /** The vault, key, database, login or credential does not exist. */
  NotFound,
  /** The target already exists in a state that forbids the step (e.g. restore onto an existing key name). */
  Conflict,
  /** The remote system asked us to slow down (HTTP 429, connector codes 3011/3109). */
  Throttled,
  /** The remote system could not be reached or answered with a server error; retried with backoff. */
  Unavailable,
  /** The request was refused as malformed by the remote system (HTTP 400). */
  InvalidRequest,
  /** The resource's spec cannot work as written; nothing external was touched. */
  InvalidSpec,
  /** SQL Server refused a statement for a reason not covered above. */
  SqlError
}

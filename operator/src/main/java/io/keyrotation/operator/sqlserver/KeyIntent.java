package io.keyrotation.operator.sqlserver;

/**
 * What the caller of {@link SqlServerGateway#createAsymmetricKey} knows about an asymmetric key
 * name before the side effect: whether it wrote that name into the resource's status as its own
 * intent. Only then may an existing key of that name be taken as the caller's earlier work.
 */
public enum KeyIntent {
  /** The name is in status as the key this resource is about to register (or registered). */
  RECORDED_IN_STATUS,
  /** Nothing in status accounts for this name: an existing key of that name is someone else's. */
  NOT_RECORDED
}

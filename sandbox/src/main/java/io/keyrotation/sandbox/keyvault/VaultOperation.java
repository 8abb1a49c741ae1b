package io.keyrotation.sandbox.keyvault;

/** The key operations the stand-in serves, each with the access-policy permission it needs. */
public enum VaultOperation {
  CREATE_KEY(KeyPermission.CREATE),
  GET_KEY(KeyPermission.GET),
  LIST_KEYS(KeyPermission.LIST),
  LIST_KEY_VERSIONS(KeyPermission.LIST),
  DELETE_KEY(KeyPermission.DELETE),
  GET_DELETED_KEY(KeyPermission.GET),
  LIST_DELETED_KEYS(KeyPermission.LIST),
  PURGE_DELETED_KEY(KeyPermission.PURGE),
  RECOVER_DELETED_KEY(KeyPermission.RECOVER),
  BACKUP_KEY(KeyPermission.BACKUP),
  RESTORE_KEY(KeyPermission.RESTORE),
  WRAP_KEY(KeyPermission.WRAP_KEY),
  UNWRAP_KEY(KeyPermission.UNWRAP_KEY),
  GET_ROTATION_POLICY(KeyPermission.GET_ROTATION_POLICY);

  private final KeyPermission permission;

  VaultOperation(KeyPermission permission) {
    this.permission = permission;
  }

  public KeyPermission permission() {
    return permission;
  }
}

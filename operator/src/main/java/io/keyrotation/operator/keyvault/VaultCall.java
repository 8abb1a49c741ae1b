package io.keyrotation.operator.keyvault;

/**
 * What the gateway was doing when a call failed: the words for messages and the access-policy
 * permission (and RBAC data action) the step needs.
 */
enum VaultCall {
  CREATE_KEY("create key", "create", "keys/create/action"),
  ADD_KEY_VERSION("add a version to key", "create", "keys/create/action"),
  GET_KEY("read key", "get", "keys/read"),
  LIST_KEYS("list keys", "list", "keys/read"),
  LIST_KEY_VERSIONS("list versions of key", "list", "keys/read"),
  BACKUP_KEY("back up key", "backup", "keys/backup/action"),
  RESTORE_KEY("restore key", "restore", "keys/restore/action"),
  WRAP_KEY("wrap with key", "wrapKey", "keys/wrap/action"),
  UNWRAP_KEY("unwrap with key", "unwrapKey", "keys/unwrap/action"),
  GET_DELETED_KEY("look for soft-deleted key", "get", "deletedKeys/read"),
  GET_ROTATION_POLICY("read the rotation policy of key", "getrotationpolicy", "keyrotationpolicies/read"),
  DELETE_KEY("delete drill key", "delete", "keys/delete"),
  PURGE_DELETED_KEY("purge deleted drill key", "purge", "deletedKeys/delete");

  private final String description;
  private final String permission;
  private final String dataAction;

  VaultCall(String description, String permission, String dataAction) {
    this.description = description;
    this.permission = permission;
    this.dataAction = dataAction;
  }

  String description() {
    return description;
  }

  String permission() {
    return permission;
  }

  String dataAction() {
    return "Microsoft.KeyVault/vaults/" + dataAction;
  }
}

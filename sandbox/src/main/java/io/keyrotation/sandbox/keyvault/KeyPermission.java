package io.keyrotation.sandbox.keyvault;

import java.util.Arrays;
import java.util.Optional;

/** Key permissions of a Key Vault access policy, with the names Azure uses on the wire and in errors. */
public enum KeyPermission {
  GET("get"),
  LIST("list"),
  CREATE("create"),
  UPDATE("update"),
  DELETE("delete"),
  RECOVER("recover"),
  PURGE("purge"),
  BACKUP("backup"),
  RESTORE("restore"),
  WRAP_KEY("wrapKey"),
  UNWRAP_KEY("unwrapKey"),
  GET_ROTATION_POLICY("getrotationpolicy");

  private final String wireName;

  KeyPermission(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<KeyPermission> fromWireName(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName.equalsIgnoreCase(name)).findFirst();
  }
}

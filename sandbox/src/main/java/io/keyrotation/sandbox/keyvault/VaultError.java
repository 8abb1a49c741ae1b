package io.keyrotation.sandbox.keyvault;

/** A refusal the vault answers with an HTTP status and Key Vault's {@code {"error":{code,message}}} body. */
public final class VaultError extends RuntimeException {
  private final int status;
  private final String code;

  public VaultError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public static VaultError badParameter(String message) {
    return new VaultError(400, "BadParameter", message);
  }

  public static VaultError keyNotFound(String name) {
    return new VaultError(404, "KeyNotFound", "A key with (name/id) " + name + " was not found in this key vault. "
        + "If you recently deleted this key you may be able to recover it using the correct recovery command.");
  }

  public static VaultError deletedKeyNotFound(String name) {
    return new VaultError(404, "KeyNotFound", "Deleted Key not found: " + name);
  }

  public static VaultError nameInDeletedState(String name) {
    return new VaultError(409, "Conflict", "Key " + name + " is currently in a deleted but recoverable state, and its name "
        + "cannot be reused; in this state, the key can only be recovered or purged.");
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}

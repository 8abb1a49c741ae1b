package io.keyrotation.operator.keyvault;

/** The classes of request Key Vault counts separately against its service limits. */
public enum OperationClass {
  SOFTWARE_KEY_CREATE,
  HSM_KEY_CREATE,
  SOFTWARE_KEY_OPERATION,
  HSM_KEY_OPERATION;

  boolean isCreate() {
    return this == SOFTWARE_KEY_CREATE || this == HSM_KEY_CREATE;
  }
}

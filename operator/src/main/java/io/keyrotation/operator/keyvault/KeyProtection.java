package io.keyrotation.operator.keyvault;

/** Where a key's private part lives: Key Vault software ({@code RSA}) or an HSM ({@code RSA-HSM}, premium vaults). */
public enum KeyProtection {
  SOFTWARE,
  HSM;

  OperationClass createClass() {
    return this == HSM ? OperationClass.HSM_KEY_CREATE : OperationClass.SOFTWARE_KEY_CREATE;
  }

  OperationClass operationClass() {
    return this == HSM ? OperationClass.HSM_KEY_OPERATION : OperationClass.SOFTWARE_KEY_OPERATION;
  }
}

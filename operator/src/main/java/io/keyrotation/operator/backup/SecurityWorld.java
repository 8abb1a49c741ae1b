package io.keyrotation.operator.backup;

import io.keyrotation.operator.keyvault.AzureCloud;

/**
 * One Key Vault security world: the geography a backup may be restored in, and its cloud. The
 * built-in ones come from {@link AzureGeography}; a configured region may name a new one.
 */
public record SecurityWorld(String name, AzureCloud cloud) {
  public boolean retired() {
    return cloud.retired();
  }

  @Override
  public String toString() {
    return name;
  }
}

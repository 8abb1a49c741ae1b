package io.keyrotation.operator.tde;

import io.keyrotation.operator.keyvault.KeyVaultGateway;
import io.keyrotation.operator.sqlserver.EkmCredentialSecret;
import io.keyrotation.operator.sqlserver.SqlServerGateway;
import java.util.List;
import java.util.function.Supplier;

/**
 * The gateways one policy works through on this reconcile: its vault as the operator's identity,
 * each listed instance in spec order, the EKM credential, and the vault as the connector's
 * identity (both read from their Secret only when a step needs them).
 */
public record PolicyGateways(KeyVaultGateway vault, List<Instance> instances, String credentialIdentity,
    Supplier<EkmCredentialSecret> ekmSecret, Supplier<KeyVaultGateway> vaultAsConnector, String managedIdentityCredential) {

  public record Instance(String name, SqlServerGateway sql) {}

  public PolicyGateways {
    instances = List.copyOf(instances);
  }

  /** Whether the instances' managed identity opens the vault (then there is no secret, and {@link #ekmSecret} is not used). */
  public boolean managedIdentity() {
    return managedIdentityCredential != null;
  }

  public Instance instance(String name) {
    return instances.stream().filter(i -> i.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no instance " + name + " in the spec"));
  }
}

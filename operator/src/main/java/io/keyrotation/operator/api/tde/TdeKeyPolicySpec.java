package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.keyrotation.operator.api.common.AzureCredentials;
import io.keyrotation.operator.api.common.VaultRef;

public record TdeKeyPolicySpec(
    @Required
    @JsonPropertyDescription("The Key Vault that holds the TDE keys.")
    VaultRef vault,
    @Required
    @JsonPropertyDescription("How new keys are made and named.")
    VaultKeySpec key,
    @JsonPropertyDescription("When keys are rotated.")
    RotationSpec rotation,
    @Required
    @JsonPropertyDescription("The SQL Server instance(s) whose databases the key protects.")
    SqlServerTarget sqlServer,
    @Required
    @JsonPropertyDescription("The EKM credential SQL Server uses to reach the vault.")
    EkmCredentialSpec ekmCredential,
    @JsonPropertyDescription("How the operator authenticates to the vault. Defaults to workload or managed identity.")
    AzureCredentials azureCredentials,
    @Default("false")
    @JsonPropertyDescription("Stop starting new rotations; one already running finishes.")
    Boolean suspend) {

  public TdeKeyPolicySpec {
    if (rotation == null) rotation = RotationSpec.defaults();
    if (azureCredentials == null) azureCredentials = AzureCredentials.defaultChain();
    if (suspend == null) suspend = false;
  }
}

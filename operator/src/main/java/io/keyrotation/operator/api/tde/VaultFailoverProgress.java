package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * A switch of every instance's EKM credentials to another vault (spec.vault changed, e.g. to a
 * standby into which the keys were restored), recorded before each change.
 */
public record VaultFailoverProgress(
    String fromVaultUrl,
    String toVaultUrl,
    @JsonPropertyDescription("The credential IDENTITY the credentials are switched to.")
    String identity,
    String startedTime,
    @JsonPropertyDescription("Per instance: whether its credentials point to the new vault, and whether it has restarted since.")
    List<InstanceSwitch> instances) {

  public record InstanceSwitch(
      String instance,
      @JsonPropertyDescription("Every credential of the policy's keys on this instance has the new IDENTITY.")
      Boolean switched,
      @JsonPropertyDescription("SQL Server keeps using the old identity until it restarts (sqlserver_start_time tells).")
      Boolean restartPending) {}
}

package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.api.backup.VaultBackupScheduleSpec;
import io.keyrotation.operator.blob.BackupArchives;
import io.keyrotation.operator.config.CredentialsResolver;
import io.keyrotation.operator.keyvault.AzureIdentity;
import io.keyrotation.operator.keyvault.KeyVaultGateways;
import io.keyrotation.operator.schedule.IsoDuration;
import io.keyrotation.operator.api.common.AzureCredentials;
import io.keyrotation.operator.keyvault.KeyVaultGateway;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** The gateways and choices of one schedule's spec, with the operator's identity read from the Secret it names. */
public final class BackupTargetsResolver {
  private final CredentialsResolver credentials;
  private final KeyVaultGateways vaults;
  private final BackupArchives archives;

  public BackupTargetsResolver(CredentialsResolver credentials, KeyVaultGateways vaults, BackupArchives archives) {
    this.credentials = credentials;
    this.vaults = vaults;
    this.archives = archives;
  }

  BackupTargets resolve(VaultBackupSchedule schedule) {
    VaultBackupScheduleSpec spec = schedule.getSpec();
    AzureIdentity identity = credentials.azureIdentity(schedule.getMetadata().getNamespace(), spec.azureCredentials());
    var blob = spec.archive().blob();
    List<KeyVaultGateway> probes = List.of();
    if (spec.ekmIdentity() != null) {
      AzureIdentity ekm = credentials.azureIdentity(schedule.getMetadata().getNamespace(),
          new AzureCredentials(AzureCredentials.Type.ClientSecret, spec.ekmIdentity()));
      probes = spec.standbyVaults().stream().map(v -> vaults.gatewayFor(URI.create(v.url()), ekm)).toList();
    }
    return new BackupTargets(
        vaults.gatewayFor(URI.create(spec.source().vault().url()), identity),
        spec.standbyVaults().stream().map(v -> vaults.gatewayFor(URI.create(v.url()), identity)).toList(),
        archives.archiveFor(URI.create(blob.containerUrl()), blob.prefix(), identity),
        spec.source().keys(),
        spec.retention().keepLast(),
        Optional.ofNullable(spec.retention().maxAge()).map(IsoDuration::parse),
        spec.onRestoreConflict(),
        probes,
        Optional.ofNullable(spec.drill()).map(d -> vaults.scratchVaultFor(URI.create(d.vault().url()), identity)));
  }
}

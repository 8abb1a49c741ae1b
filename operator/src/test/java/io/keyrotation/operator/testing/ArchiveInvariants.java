package io.keyrotation.operator.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyrotation.operator.api.backup.VaultBackupSchedule;
import io.keyrotation.operator.blob.ArchivePath;
import io.keyrotation.operator.tde.BackupCoverage;
import io.keyrotation.sandbox.ekm.KeyVaultEkmDirectory;
import io.keyrotation.sandbox.keyvault.KeyVaultStandIn;
import io.keyrotation.sandbox.keyvault.KeyView;
import io.keyrotation.sandbox.keyvault.SandboxVaults;
import io.keyrotation.sandbox.sqlserver.engine.EkmKeyReference;
import io.keyrotation.sandbox.sqlserver.engine.SqlServerInstance;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The archive half of {@link KeySafetyInvariants}: Blob Storage as listed, against the vault and SQL Server stand-ins. */
final class ArchiveInvariants {
  private final ArchiveAudit audit;
  private final SandboxVaults vaults;
  private final KeyVaultEkmDirectory directory;
  private final Map<VaultBackupSchedule, List<ArchiveAudit.Archived>> listed = new LinkedHashMap<>();
  /** Archives in containers no schedule names (backups run without Kubernetes). */
  private final List<ArchiveAudit.Archived> unscheduled;

  ArchiveInvariants(ArchiveAudit audit, SandboxVaults vaults, KeyVaultEkmDirectory directory, KubernetesClient kubernetes,
      List<URI> moreContainers) {
    this.audit = audit;
    this.vaults = vaults;
    this.directory = directory;
    if (kubernetes != null) {
      for (VaultBackupSchedule schedule : kubernetes.resources(VaultBackupSchedule.class).inAnyNamespace().list().getItems()) {
        var blob = schedule.getSpec().archive().blob();
        listed.put(schedule, audit.list(URI.create(blob.containerUrl()), blob.prefix()));
      }
    }
    unscheduled = moreContainers.stream().flatMap(c -> audit.list(c, null).stream()).toList();
  }

  void check(Collection<SqlServerInstance> instances, List<String> violations) {
    for (SqlServerInstance instance : instances) {
      instance.keyReferences().forEach(r -> checkArchived(r, violations));
    }
    java.util.stream.Stream.concat(listed.values().stream().flatMap(List::stream), unscheduled.stream())
        .distinct().forEach(a -> checkCopyOfPurged(a, violations));
  }

  /** A key version a DEK or VLF uses has an archive in every schedule that selects it and has archived its vault. */
  private void checkArchived(EkmKeyReference ref, List<String> violations) {
    if (ref.vaultIdentity() == null) {
      return;
    }
    Optional<KeyVaultStandIn> vault = directory.resolve(ref.vaultIdentity());
    Optional<KeyView> key = vault.flatMap(v -> v.findKey(ref.keyName() + "/" + ref.keyVersion()));
    if (key.isEmpty()) {
      return; // reported as a missing key already
    }
    String folder = ArchivePath.vaultName(vault.get().vaultUrl());
    listed.forEach((schedule, archived) -> {
      boolean selects = BackupCoverage.whyNotCovered(schedule, vault.get().vaultUrl().toString(), ref.keyName(),
          key.get().tags()).isEmpty();
      List<ArchiveAudit.Archived> ofVault = archived.stream().filter(a -> folder.equals(a.vault())).toList();
      if (selects && !ofVault.isEmpty() && ofVault.stream().noneMatch(a -> holds(a, vault.get(), ref.keyName(), ref.keyVersion()))) {
        violations.add(ref.usedBy() + " of database " + ref.database() + " on " + ref.instance() + ": key " + ref.keyName()
            + " version " + ref.keyVersion() + " has no archived backup, although VaultBackupSchedule "
            + schedule.getMetadata().getNamespace() + "/" + schedule.getMetadata().getName() + " backs up vault "
            + vault.get().name() + " and has archived keys of it");
      }
    });
  }

  private static boolean holds(ArchiveAudit.Archived archived, KeyVaultStandIn vault, String key, String version) {
    if (!key.equalsIgnoreCase(archived.key())) {
      return false;
    }
    if (archived.versions().contains(version)) {
      return true;
    }
    List<String> now = versions(vault, key);
    return archived.versions().isEmpty() && now.contains(version) && ArchivePath.versionsHash(now).equals(archived.versionsHash());
  }

  private static List<String> versions(KeyVaultStandIn vault, String key) {
    return vault.findKey(key).isEmpty() ? List.of() : vault.versionsOf(key).stream().map(KeyView::version).toList();
  }

  /** A key purged from its source vault while an archive holds it: the archive must verify, or another vault hold it. */
  private void checkCopyOfPurged(ArchiveAudit.Archived archived, List<String> violations) {
    Optional<KeyVaultStandIn> source = vaults.all().stream()
        .filter(v -> ArchivePath.vaultName(v.vaultUrl()).equals(archived.vault())).findFirst();
    if (source.isEmpty() || archived.key() == null) {
      return;
    }
    boolean purged = source.get().findKey(archived.key()).isEmpty() && !source.get().isSoftDeleted(archived.key());
    if (!purged) {
      return;
    }
    boolean elsewhere = vaults.all().stream().filter(v -> v != source.get()).map(v -> versions(v, archived.key()))
        .anyMatch(held -> !held.isEmpty() && held.containsAll(archived.versions()));
    if (!elsewhere && !audit.verifies(archived)) {
      violations.add("key " + archived.key() + " was purged from vault " + source.get().name() + " and its archive "
          + archived.blobName() + " in " + archived.container() + " no longer verifies (length or SHA-256), nor does another "
          + "vault hold it: no copy is left");
    }
  }
}

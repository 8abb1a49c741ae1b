package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.DrillIntent;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.DrillOutcome;
import io.keyrotation.operator.api.backup.VaultBackupScheduleStatus.DrillResult;
import io.keyrotation.operator.blob.ArchivePath;
import io.keyrotation.operator.blob.ArchivedBackup;
import io.keyrotation.operator.keyvault.KeyBackup;
import io.keyrotation.operator.keyvault.ScratchVault;
import io.keyrotation.operator.keyvault.VaultKey;
import io.keyrotation.operator.status.GatewayException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One restore drill of one key, its intent already in status: restore the archive named in the intent
 * into the scratch vault, check the restored key's public key against the source's same version, then
 * delete and purge it there. A key of that name in the scratch vault is treated as the drill's own only
 * when its versions are exactly the archive's (a restore keeps version ids, nothing else can make
 * them); any other key there is left alone and the drill fails.
 */
final class DrillRunner {
  private final Clock clock;

  DrillRunner(Clock clock) {
    this.clock = clock;
  }

  DrillResult drill(DrillIntent intent, BackupTargets targets) {
    ScratchVault scratch = targets.scratch().orElseThrow();
    String key = intent.key();
    boolean ours = false;
    try {
      ArchivedBackup archive = targets.archive().list(targets.sourceVaultName(), key).stream()
          .filter(a -> a.blobName().equals(intent.archive())).findFirst()
          .orElseThrow(() -> new DrillFailure("The archive " + intent.archive() + " is gone from the container."));
      if (scratch.keys().getKey(key).isPresent() || scratch.keys().findSoftDeletedKey(key).isPresent()) {
        ours = scratch.keys().getKey(key).isPresent() && versionsHash(scratch, key).equals(archive.path().versionsHash());
        if (!ours) {
          throw new DrillFailure("The scratch vault already holds a key named '" + key + "' (active with other versions, or "
              + "soft-deleted) that this drill did not restore; it is left alone. Remove it or name another scratch vault.");
        }
      } else {
        scratch.keys().restoreKey(new KeyBackup(targets.source().vaultUrl(), key, targets.archive().read(archive)));
        ours = true;
      }
      VaultKey restored = scratch.keys().getKey(key).orElseThrow(() -> new DrillFailure("The restored key is not readable."));
      Optional<VaultKey> original = targets.source().getKeyVersion(key, restored.version());
      if (original.isEmpty()) {
        throw new DrillFailure("The source vault has no version " + restored.version() + " of the key to compare with.");
      }
      if (!Arrays.equals(original.get().modulus(), restored.modulus())
          || !Arrays.equals(original.get().publicExponent(), restored.publicExponent())) {
        throw new DrillFailure("The restored key's public key differs from the source's version " + restored.version() + ".");
      }
      scratch.deleteAndPurge(key);
      return result(intent, DrillOutcome.Passed, "Restored version " + restored.version() + ", public key equal to the source's, "
          + "deleted and purged from the scratch vault.");
    } catch (DrillFailure | GatewayException e) {
      return result(intent, DrillOutcome.Failed, e.getMessage() + cleanUp(scratch, key, ours));
    }
  }

  private static String cleanUp(ScratchVault scratch, String key, boolean ours) {
    if (!ours) {
      return "";
    }
    try {
      scratch.deleteAndPurge(key);
      return " The restored key was deleted and purged from the scratch vault.";
    } catch (GatewayException e) {
      return " The restored key is still in the scratch vault: " + e.getMessage();
    }
  }

  private static String versionsHash(ScratchVault scratch, String key) {
    List<String> versions = KeyArchiver.versionIds(scratch.keys().listVersions(key));
    return ArchivePath.versionsHash(versions);
  }

  private DrillResult result(DrillIntent intent, DrillOutcome outcome, String message) {
    return new DrillResult(intent.key(), clock.instant().toString(), outcome, intent.archive(), message);
  }

  private static final class DrillFailure extends RuntimeException {
    DrillFailure(String message) {
      super(message);
    }
  }
}

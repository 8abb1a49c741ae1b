package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.RotationStep;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.api.tde.VaultKeySpec;
import io.keyrotation.operator.keyvault.KeyNameGenerator;
import io.keyrotation.operator.keyvault.KeyProtection;
import io.keyrotation.operator.keyvault.KeyVaultGateway;
import io.keyrotation.operator.keyvault.NewKey;
import io.keyrotation.operator.keyvault.VaultKey;
import io.keyrotation.operator.keyvault.VaultKeyInfo;
import io.keyrotation.operator.schedule.IsoDuration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * Step 1: the new vault key. Its name is chosen and recorded before it is created; a key that
 * this rotation created under the recorded name (tagged with the policy's uid and the rotation's
 * start) is adopted, never duplicated; a name held by a foreign or soft-deleted key moves on to
 * the next free name. One vault write at most per call.
 */
final class VaultKeyStep {
  static final String POLICY_TAG = "keyrotation-policy-uid";
  static final String ROTATION_TAG = "keyrotation-rotation-started";

  private final KeyNameGenerator names;

  VaultKeyStep(KeyNameGenerator names) {
    this.names = names;
  }

  /** The name a new rotation will create (reads only). */
  String chooseName(TdeKeyPolicySpec spec, KeyVaultGateway vault) {
    return chooseName(spec, vault, null);
  }

  /** As above, never {@code abandoned}: a name whose SQL Server objects may exist for another vault's key. */
  String chooseName(TdeKeyPolicySpec spec, KeyVaultGateway vault, String abandoned) {
    if (spec.key().namingStrategy() == VaultKeySpec.NamingStrategy.NewVersion) {
      return spec.key().name();
    }
    return names.nextFreeName(spec.key().namePrefix(), n -> n.equalsIgnoreCase(String.valueOf(abandoned)) || vault.isNameTaken(n));
  }

  StepOutcome run(RotationContext ctx, KeyRotationProgress progress) {
    return ctx.spec().key().namingStrategy() == VaultKeySpec.NamingStrategy.NewVersion
        ? newVersion(ctx, progress) : newName(ctx, progress);
  }

  private StepOutcome newName(RotationContext ctx, KeyRotationProgress progress) {
    KeyVaultGateway vault = ctx.gateways().vault();
    String target = progress.targetKeyName();
    Optional<VaultKey> existing = vault.getKey(target);
    if (existing.isPresent() && isOurs(existing.get().info(), ctx, progress)) {
      return StepOutcome.of(recorded(ctx, progress, existing.get()), "VaultKeyAdopted",
          "Vault key " + target + " was created by this rotation before a restart; using it, not creating another.");
    }
    if (existing.isPresent() || vault.findSoftDeletedKey(target).isPresent()) {
      String next = names.nextFreeName(ctx.spec().key().namePrefix(), n -> n.equals(target) || vault.isNameTaken(n));
      return StepOutcome.of(progress.withTarget(next, null, null, null, null, null, null), "KeyNameTaken",
          "Vault key name " + target + " is held by a key this rotation did not create (or a soft-deleted one); the new key will be " + next + ".");
    }
    VaultKey created = vault.createKey(newKey(ctx, progress, target));
    return StepOutcome.of(recorded(ctx, progress, created), "VaultKeyCreated", "Created vault key " + created.info().keyId() + ".");
  }

  private StepOutcome newVersion(RotationContext ctx, KeyRotationProgress progress) {
    KeyVaultGateway vault = ctx.gateways().vault();
    String name = progress.targetKeyName();
    Optional<VaultKeyInfo> ours = vault.listVersions(name).stream().filter(v -> isOurs(v, ctx, progress)).findFirst();
    if (ours.isPresent()) {
      VaultKey key = vault.getKeyVersion(name, ours.get().version().orElseThrow()).orElseThrow();
      return StepOutcome.of(recorded(ctx, progress, key), "VaultKeyAdopted",
          "Version " + key.version() + " of " + name + " was added by this rotation before a restart; using it.");
    }
    VaultKey added = vault.addKeyVersion(newKey(ctx, progress, name));
    return StepOutcome.of(recorded(ctx, progress, added), "VaultKeyCreated", "Added version " + added.info().keyId() + ".");
  }

  /** The tags the new key is created with: which policy and which rotation made it. */
  static Map<String, String> tags(RotationContext ctx, KeyRotationProgress progress) {
    return Map.of(POLICY_TAG, ctx.uid(), ROTATION_TAG, progress.startedTime());
  }

  private static NewKey newKey(RotationContext ctx, KeyRotationProgress progress, String name) {
    VaultKeySpec spec = ctx.spec().key();
    KeyProtection protection = spec.type() == VaultKeySpec.KeyType.RSA_HSM ? KeyProtection.HSM : KeyProtection.SOFTWARE;
    NewKey key = NewKey.rsa(name, protection, spec.size()).withTags(tags(ctx, progress));
    if (spec.expiresAfter() != null) {
      key = key.withExpiry(IsoDuration.parse(spec.expiresAfter()).addTo(ctx.now()).atOffset(ZoneOffset.UTC));
    }
    return key;
  }

  private static boolean isOurs(VaultKeyInfo info, RotationContext ctx, KeyRotationProgress progress) {
    return ctx.uid().equals(info.tags().get(POLICY_TAG)) && progress.startedTime().equals(info.tags().get(ROTATION_TAG));
  }

  private static KeyRotationProgress recorded(RotationContext ctx, KeyRotationProgress progress, VaultKey key) {
    boolean versioned = ctx.spec().key().namingStrategy() == VaultKeySpec.NamingStrategy.NewVersion;
    String providerKeyName = versioned ? key.name() + "/" + key.version() : key.name();
    String label = versioned ? key.name() + "-" + key.version().substring(0, 8) : key.name();
    var objects = SqlObjectNaming.forKey(ctx.spec().sqlServer().objectNames(), label);
    if (ctx.gateways().managedIdentity()) {
      // One credential per vault, mapped to every key's login: the managed identity needs no secret per key.
      objects = new KeyRotationProgress.SqlObjects(objects.asymmetricKey(), objects.login(),
          ctx.gateways().managedIdentityCredential());
    }
    return progress.withTarget(key.name(), key.info().keyId().toString(), providerKeyName, objects,
            key.info().createdOn().toInstant().toString(),
            key.info().expiresOn().map(e -> e.toInstant().toString()).orElse(null), PublicKeys.sha256(key))
        .atStep(RotationStep.AwaitBackup);
  }
}

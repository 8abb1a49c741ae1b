package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.api.tde.TdeKeyPolicyStatus;
import io.keyrotation.operator.api.tde.VaultFailoverProgress;
import io.keyrotation.operator.api.tde.VaultFailoverProgress.InstanceSwitch;
import io.keyrotation.operator.keyvault.VaultKey;
import io.keyrotation.operator.sqlserver.SqlCredential;
import io.keyrotation.operator.sqlserver.SqlServerGateway;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Microsoft's procedure for a lost vault (seeds: "SQL Server Connector maintenance", restore the
 * keys into a new vault in the same geography, then change the credential's IDENTITY): when
 * spec.vault names another vault, check that it holds the active key with the same key material,
 * grant nothing, switch each instance's credentials of the policy's keys to the new IDENTITY
 * ({@code ALTER CREDENTIAL}, one per call), then report each instance as restart-pending until
 * {@code sqlserver_start_time} shows it restarted (the connector keeps the old identity until then).
 */
final class VaultFailover {

  /** What this call did: the progress to record, or the finished failover's active key. */
  record Outcome(VaultFailoverProgress progress, ProtectorKey failedOverKey, String event) {}

  Outcome run(RotationContext ctx, TdeKeyPolicyStatus status) {
    VaultFailoverProgress progress = status.vaultFailover();
    String target = ctx.spec().vault().url();
    if (ctx.gateways().managedIdentity()) {
      throw new GatewayException(FailureReason.InvalidSpec, "A vault failover with a managed identity credential (named after "
          + "the vault) is not supported yet: create the new vault's credential and map it by hand. Nothing was changed.");
    }
    if (progress == null || !target.equals(progress.toVaultUrl())) {
      checkSameKeyMaterial(ctx, status.activeKey());
      return new Outcome(new VaultFailoverProgress(status.vaultUrl(), target, ctx.gateways().credentialIdentity(),
          ctx.now().toString(), List.of()), null, "Vault " + target + " holds " + status.activeKey().keyName()
          + " with the same key material; switching the SQL Server credentials to it.");
    }
    List<String> credentials = credentialsOf(status);
    List<InstanceSwitch> switches = new ArrayList<>();
    for (PolicyGateways.Instance instance : ctx.gateways().instances()) {
      SqlServerGateway sql = instance.sql();
      for (SqlCredential credential : sql.credentials()) {
        if (credentials.stream().anyMatch(credential.name()::equalsIgnoreCase) && !progress.identity().equals(credential.identity())) {
          sql.alterCredentialSecret(credential.name(), progress.identity(), ctx.gateways().ekmSecret().get());
          return new Outcome(progress, null, null);
        }
      }
      boolean pending = credentials.stream().anyMatch(c -> exists(sql, c) && sql.restartPendingFor(c));
      switches.add(new InstanceSwitch(instance.name(), true, pending));
    }
    VaultFailoverProgress recorded = new VaultFailoverProgress(progress.fromVaultUrl(), progress.toVaultUrl(),
        progress.identity(), progress.startedTime(), switches);
    if (switches.stream().anyMatch(s -> Boolean.TRUE.equals(s.restartPending()))) {
      return new Outcome(recorded, null, null);
    }
    ProtectorKey active = status.activeKey();
    String keyId = active.keyId() == null ? null
        : target.replaceAll("/$", "") + active.keyId().substring(active.keyId().indexOf("/keys/"));
    return new Outcome(recorded, new ProtectorKey(active.keyName(), keyId, active.asymmetricKeyName(), active.loginName(),
        active.credentialName(), active.thumbprint(), active.createdTime(), active.retiredTime(), active.expiresTime(),
        active.neededByLog(), active.publicKeySha256()), "Every instance uses " + target + " since its restart.");
  }

  private static void checkSameKeyMaterial(RotationContext ctx, ProtectorKey active) {
    String vault = ctx.spec().vault().url();
    if (active.keyName() == null || active.publicKeySha256() == null) {
      throw new GatewayException(FailureReason.InvalidSpec, "Cannot check that " + vault + " holds the active key: its vault "
          + "key is not known (set spec.key.currentKeyName at adoption). Nothing was changed.");
    }
    String version = active.keyId() == null ? "" : active.keyId().substring(active.keyId().lastIndexOf('/') + 1);
    Optional<VaultKey> copy = ctx.gateways().vault().getKeyVersion(active.keyName(), version);
    if (copy.isEmpty()) {
      throw new GatewayException(FailureReason.NotFound, "Vault " + vault + " does not hold key " + active.keyName()
          + (version.isEmpty() ? "" : " version " + version) + ": restore it there from a backup first (Key Vault restores "
          + "a backup under its name, in the same geography). Nothing was changed; spec.vault still points at it.");
    }
    if (!Objects.equals(PublicKeys.sha256(copy.get()), active.publicKeySha256())) {
      throw new GatewayException(FailureReason.Conflict, "Key " + active.keyName() + " in " + vault + " has other key "
          + "material than the active key: it is not a restored copy, and SQL Server could not open the databases with it. "
          + "Nothing was changed.");
    }
  }

  private static List<String> credentialsOf(TdeKeyPolicyStatus status) {
    Stream<ProtectorKey> keys = Stream.concat(Stream.of(status.activeKey()),
        status.previousKeys() == null ? Stream.empty() : status.previousKeys().stream());
    return keys.map(ProtectorKey::credentialName).filter(Objects::nonNull).distinct().toList();
  }

  private static boolean exists(SqlServerGateway sql, String credential) {
    return sql.credentials().stream().anyMatch(c -> c.name().equalsIgnoreCase(credential));
  }
}

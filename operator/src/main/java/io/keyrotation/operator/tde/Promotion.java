package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.sqlserver.DatabaseEncryption;
import io.keyrotation.operator.sqlserver.SqlServerGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Step 6: the new key becomes the active one; the old one moves to the previous keys with its
 * retirement time, and is kept (never deleted or disabled). Each previous key says whether a
 * database's log still uses it ({@code sys.dm_db_log_info}; unknown before SQL Server 2019, and
 * unknown means needed). Reads only.
 */
final class Promotion {

  record Promoted(ProtectorKey active, List<ProtectorKey> previous) {}

  Promoted run(RotationContext ctx, KeyRotationProgress progress, ProtectorKey oldActive, List<ProtectorKey> oldPrevious) {
    String thumbprint = progress.instances() == null || progress.instances().isEmpty()
        ? null : progress.instances().get(0).thumbprint();
    var names = progress.sqlObjects();
    ProtectorKey active = new ProtectorKey(progress.targetKeyName(), progress.targetKeyId(), names.asymmetricKey(),
        names.login(), names.credential(), thumbprint, progress.targetCreatedTime(), null, progress.targetExpiresTime(), null,
        progress.targetPublicKeySha256());
    List<ProtectorKey> previous = new ArrayList<>();
    if (oldActive != null) {
      previous.add(retired(oldActive, ctx.now().toString()));
    }
    if (oldPrevious != null) {
      previous.addAll(oldPrevious);
    }
    return new Promoted(active, previous.stream().map(k -> withLogUse(ctx, k)).toList());
  }

  private static ProtectorKey retired(ProtectorKey key, String at) {
    return new ProtectorKey(key.keyName(), key.keyId(), key.asymmetricKeyName(), key.loginName(), key.credentialName(),
        key.thumbprint(), key.createdTime(), at, key.expiresTime(), key.neededByLog(), key.publicKeySha256());
  }

  private static ProtectorKey withLogUse(RotationContext ctx, ProtectorKey key) {
    String use = "No";
    for (PolicyGateways.Instance instance : ctx.gateways().instances()) {
      SqlServerGateway sql = instance.sql();
      if (!Replicas.takesDatabaseKeyChanges(sql.availabilityRoles())) {
        continue;
      }
      for (DatabaseEncryption db : sql.databaseEncryption()) {
        if (!db.hasEncryptionKey()) {
          continue;
        }
        Optional<Set<String>> thumbprints = sql.logThumbprints(db.name());
        if (thumbprints.isEmpty()) {
          use = "Unknown";
        } else if (key.thumbprint() != null && thumbprints.get().stream().anyMatch(key.thumbprint()::equalsIgnoreCase)) {
          return with(key, "Yes");
        }
      }
    }
    return with(key, use);
  }

  private static ProtectorKey with(ProtectorKey key, String neededByLog) {
    return new ProtectorKey(key.keyName(), key.keyId(), key.asymmetricKeyName(), key.loginName(), key.credentialName(),
        key.thumbprint(), key.createdTime(), key.retiredTime(), key.expiresTime(), neededByLog, key.publicKeySha256());
  }
}

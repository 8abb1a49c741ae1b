package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.api.tde.VaultKeySpec;
import io.keyrotation.operator.sqlserver.ConnectorSupport;
import io.keyrotation.operator.sqlserver.CryptographicProvider;
import io.keyrotation.operator.sqlserver.SqlServerGateway;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Before a rotation creates or registers anything: every instance's EKM connector build
 * ({@code sys.dm_cryptographic_provider_properties.provider_version}) is read and the rotation is
 * refused when the connectors cannot carry it ({@link ConnectorSupport} holds the rules).
 */
final class ConnectorVersions {
  private ConnectorVersions() {}

  /** Throws the refusal; returns the version per instance when the rotation may go on. */
  static Map<String, String> check(RotationContext ctx, ProtectorKey active, List<ProtectorKey> previous) {
    Map<String, String> versions = new LinkedHashMap<>();
    ctx.gateways().instances().forEach(i -> versions.put(i.name(), versionOf(i.sql())));
    ConnectorSupport.refuseMixedVersions(versions).ifPresent(why -> {
      // Not the spec's fault: retried with backoff until the connectors are aligned.
      throw new GatewayException(FailureReason.Conflict, "Rotation refused before anything was created: " + why + ".");
    });
    if (ctx.spec().key().namingStrategy() != VaultKeySpec.NamingStrategy.NewVersion) {
      return versions;
    }
    versions.forEach((instance, version) -> ConnectorSupport.refuseKeyVersions(instance, version).ifPresent(why -> {
      throw new GatewayException(FailureReason.InvalidSpec, "Rotation refused before anything was created: " + why
          + " (spec.key.namingStrategy NewName).");
    }));
    List<String> recorded = new ArrayList<>();
    if (active != null) {
      recorded.add(registeredAs(active));
    }
    if (previous != null) {
      previous.forEach(k -> recorded.add(registeredAs(k)));
    }
    ConnectorSupport.refuseNewVersionOfVersionlessKey(recorded.stream().filter(Objects::nonNull).toList(),
        ctx.spec().key().name()).ifPresent(why -> {
          throw new GatewayException(FailureReason.InvalidSpec, "Rotation refused before anything was created: " + why
              + " (spec.key.namingStrategy NewName).");
        });
    return versions;
  }

  /** A key recorded before providerKeyName existed may have been registered without a version: assume it was. */
  private static String registeredAs(ProtectorKey key) {
    return key.providerKeyName() != null ? key.providerKeyName() : key.keyName();
  }

  private static String versionOf(SqlServerGateway sql) {
    return sql.cryptographicProviders().stream()
        .filter(p -> p.name().equalsIgnoreCase(sql.endpoint().ekmProvider()))
        .map(CryptographicProvider::providerVersion)
        .findFirst().orElse(null);
  }
}

package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import io.keyrotation.operator.keyvault.VaultKey;
import io.keyrotation.operator.sqlserver.AsymmetricKey;
import io.keyrotation.operator.sqlserver.DatabaseEncryption;
import io.keyrotation.operator.sqlserver.KeyMappedLogin;
import io.keyrotation.operator.sqlserver.SqlServerGateway;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * First reconcile of a policy over an existing setup: reads every instance's catalog and records
 * the asymmetric key that protects the selected databases as the active key, without changing
 * anything. SQL Server cannot say which vault key is behind an EKM asymmetric key (DOMAIN.md §7),
 * so the vault key is the one the spec declares, checked to exist; without it the key's age is unknown.
 */
final class Adoption {

  /**
   * @param activeKey the protector of most selected databases, or null when none is protected by the provider
   * @param disagreeing "instance/database (key)" of selected databases protected by another key
   * @param certificateProtected "instance/database" of databases whose key a certificate protects
   */
  record Result(ProtectorKey activeKey, List<String> disagreeing, List<String> certificateProtected, boolean keyAgeKnown) {}

  private record Protected(String instance, String database, AsymmetricKey key) {}

  Result adopt(TdeKeyPolicySpec spec, PolicyGateways gateways) {
    List<Protected> protectedDatabases = new ArrayList<>();
    List<String> certificates = new ArrayList<>();
    Map<String, SqlServerGateway> byKeyName = new LinkedHashMap<>();
    for (PolicyGateways.Instance instance : gateways.instances()) {
      List<AsymmetricKey> keys = instance.sql().asymmetricKeys();
      List<DatabaseEncryption> databases = instance.sql().databaseEncryption();
      for (DatabaseEncryption db : SelectedDatabases.of(spec.sqlServer().databases(), spec.sqlServer().providerName(), keys, databases)) {
        keyWithThumbprint(keys, db.encryptorThumbprint()).ifPresent(k -> {
          protectedDatabases.add(new Protected(instance.name(), db.name(), k));
          byKeyName.putIfAbsent(k.name(), instance.sql());
        });
      }
      SelectedDatabases.certificateProtected(databases).forEach(d -> certificates.add(instance.name() + "/" + d));
    }
    if (protectedDatabases.isEmpty()) {
      return new Result(null, List.of(), certificates, false);
    }
    String protector = mostCommonKey(protectedDatabases);
    List<String> disagreeing = protectedDatabases.stream().filter(p -> !p.key().name().equals(protector))
        .map(p -> p.instance() + "/" + p.database() + " (" + p.key().name() + ")").toList();
    AsymmetricKey key = protectedDatabases.stream().filter(p -> p.key().name().equals(protector)).findFirst().orElseThrow().key();
    Optional<KeyMappedLogin> login = byKeyName.get(protector).loginsFromAsymmetricKeys().stream()
        .filter(l -> l.asymmetricKeyName().equalsIgnoreCase(protector)).findFirst();
    Optional<VaultKey> declared = declaredVaultKey(spec, gateways);
    ProtectorKey active = new ProtectorKey(
        declared.map(VaultKey::name).orElse(null),
        declared.map(k -> k.info().keyId().toString()).orElse(null),
        key.name(),
        login.map(KeyMappedLogin::name).orElse(null),
        login.flatMap(l -> l.credentials().stream().findFirst()).orElse(null),
        key.thumbprint(),
        declared.map(k -> k.info().createdOn().toInstant().toString()).orElse(null),
        null,
        declared.flatMap(k -> k.info().expiresOn()).map(e -> e.toInstant().toString()).orElse(null),
        null,
        declared.map(PublicKeys::sha256).orElse(null));
    return new Result(active, disagreeing, certificates, declared.isPresent());
  }

  private static Optional<VaultKey> declaredVaultKey(TdeKeyPolicySpec spec, PolicyGateways gateways) {
    String declared = spec.key().currentKeyName();
    if (declared == null) {
      return Optional.empty();
    }
    Optional<VaultKey> found = gateways.vault().getKey(declared);
    if (found.isEmpty()) {
      throw new GatewayException(FailureReason.NotFound, "spec.key.currentKeyName names vault key '" + declared
          + "', which " + gateways.vault().vaultUrl() + " does not hold (or the operator may not read it). Name the key "
          + "behind the asymmetric key that protects the databases, or remove the field.");
    }
    return found;
  }

  private static Optional<AsymmetricKey> keyWithThumbprint(List<AsymmetricKey> keys, String thumbprint) {
    return keys.stream().filter(k -> k.thumbprint() != null && k.thumbprint().equalsIgnoreCase(thumbprint)).findFirst();
  }

  private static String mostCommonKey(List<Protected> databases) {
    Map<String, Long> counts = new LinkedHashMap<>();
    databases.forEach(p -> counts.merge(p.key().name(), 1L, Long::sum));
    return counts.entrySet().stream()
        .max(Comparator.comparing(Map.Entry<String, Long>::getValue)
            .thenComparing(e -> e.getKey().toLowerCase(Locale.ROOT), Comparator.reverseOrder()))
        .orElseThrow().getKey();
  }
}

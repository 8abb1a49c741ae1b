package io.keyrotation.operator.sqlserver;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure checks of what the SQL Server Connector for Azure Key Vault installed on each instance
 * allows. Each returns the refusal message, or empty when allowed; the TDE workflow calls them
 * before any side effect.
 *
 * <p>Versions are {@code sys.dm_cryptographic_provider_properties.provider_version}
 * ("aa.bb.cccc.dd", e.g. 15.0.2000.440 for connector 1.0.5.0 as downloaded today, 13.0.811.168 for
 * 1.0.4.0).
 */
public final class ConnectorSupport {
  /**
   * The first build documented with versioned provider key names ("name/version"): the section
   * "Rotate asymmetric key with a new AKV key or a new AKV key version" of "Set up SQL Server TDE
   * Extensible Key Management by using Azure Key Vault" appears with 15.0.2000.440, while the
   * maintenance article for 15.0.2000.367 and earlier says key versions "will not work with SQL
   * Server Connector". Microsoft names no exact minimum; this is the stricter reading.
   */
  public static final String MIN_VERSION_FOR_KEY_VERSIONS = "15.0.2000.440";

  private ConnectorSupport() {}

  /** The NewVersion strategy registers "name/version": refused below {@link #MIN_VERSION_FOR_KEY_VERSIONS}. */
  public static Optional<String> refuseKeyVersions(String instance, String providerVersion) {
    Optional<int[]> version = parse(providerVersion);
    if (version.isEmpty()) {
      return Optional.of("SQL Server '" + instance + "' reports no readable EKM connector version ('" + providerVersion
          + "'), so registering a Key Vault key version cannot be known to work; use a new key name instead");
    }
    if (compare(version.get(), parse(MIN_VERSION_FOR_KEY_VERSIONS).orElseThrow()) < 0) {
      return Optional.of("SQL Server '" + instance + "' runs EKM connector " + providerVersion
          + ", which cannot use Key Vault key versions (needs " + MIN_VERSION_FOR_KEY_VERSIONS
          + " or later); upgrade the connector or rotate to a new key name");
    }
    return Optional.empty();
  }

  /**
   * Replicas of one availability group must run the same connector build: 1.0.4.0 and 1.0.5.0 give
   * the same vault key different thumbprints, and a secondary then cannot find the key that
   * protects a database (error 33111, KB 4470999).
   *
   * @param versionByInstance each replica's provider_version
   */
  public static Optional<String> refuseMixedVersions(Map<String, String> versionByInstance) {
    Map<String, String> sorted = new TreeMap<>(versionByInstance);
    if (new TreeSet<>(sorted.values().stream().map(v -> v == null ? "unknown" : v).toList()).size() <= 1) {
      return Optional.empty();
    }
    List<String> listed = new ArrayList<>();
    sorted.forEach((instance, version) -> listed.add(instance + " " + (version == null ? "unknown" : version)));
    return Optional.of("the replicas run different EKM connector versions (" + String.join(", ", listed)
        + "); the same vault key gets different thumbprints on them (error 33111, KB 4470999), so the rotation "
        + "waits until every replica runs the same connector build");
  }

  /**
   * Never add a version to a vault key that some instance registered without one: the versionless
   * registration follows the key's latest version, so a new version would change the key under it.
   *
   * @param recordedProviderKeyNames the provider key names the operator recorded in status for
   *     asymmetric keys it registered, on any instance
   * @param keyName the vault key that would get a new version
   */
  public static Optional<String> refuseNewVersionOfVersionlessKey(Collection<String> recordedProviderKeyNames,
      String keyName) {
    String base = baseName(keyName).toLowerCase(Locale.ROOT);
    return recordedProviderKeyNames.stream()
        .filter(name -> name.indexOf('/') < 0 && name.toLowerCase(Locale.ROOT).equals(base))
        .findFirst()
        .map(name -> "vault key '" + name + "' is registered without a version on some instance; adding a version "
            + "would change the key behind that registration: rotate to a new key name instead");
  }

  private static String baseName(String providerKeyName) {
    int slash = providerKeyName.indexOf('/');
    return slash < 0 ? providerKeyName : providerKeyName.substring(0, slash);
  }

  private static Optional<int[]> parse(String version) {
    if (version == null || !version.matches("\\d{1,9}(\\.\\d{1,9}){3}")) {
      return Optional.empty();
    }
    String[] parts = version.split("\\.");
    int[] numbers = new int[4];
    for (int i = 0; i < 4; i++) {
      numbers[i] = Integer.parseInt(parts[i]);
    }
    return Optional.of(numbers);
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < 4; i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return 0;
  }
}

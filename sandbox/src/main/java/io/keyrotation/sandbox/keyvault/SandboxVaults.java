package io.keyrotation.sandbox.keyvault;

import io.keyrotation.sandbox.aad.AzureAdStandIn;
import io.keyrotation.sandbox.aad.SandboxTls;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All sandbox vaults by name (vault names are globally unique in Azure, here per directory). Other
 * stand-ins find a vault here, as the SQL Server connector resolves {@code <name>.vault.azure.net}.
 */
public final class SandboxVaults implements AutoCloseable {
  private final AzureAdStandIn aad;
  private final SandboxTls tls;
  private final Map<String, KeyVaultStandIn> byName = new ConcurrentHashMap<>();
  private final boolean publicHostNames;

  public SandboxVaults(AzureAdStandIn aad, SandboxTls tls) {
    this(aad, tls, false);
  }

  private SandboxVaults(AzureAdStandIn aad, SandboxTls tls, boolean publicHostNames) {
    this.aad = aad;
    this.tls = tls;
    this.publicHostNames = publicHostNames;
  }

  /**
   * Vaults reached as {@code https://<name>.vault.azure.net:<port>/}: the caller resolves those names
   * to the loopback address (e.g. a JDK hosts file) and {@code tls} holds {@code *.vault.azure.net}.
   */
  public static SandboxVaults withPublicHostNames(AzureAdStandIn aad, SandboxTls tls) {
    return new SandboxVaults(aad, tls, true);
  }

  public KeyVaultStandIn start(VaultDefinition definition) {
    String key = definition.name().toLowerCase(Locale.ROOT);
    if (byName.containsKey(key)) {
      throw new IllegalArgumentException("a vault named " + definition.name() + " already exists");
    }
    KeyVaultStandIn vault = publicHostNames
        ? KeyVaultStandIn.start(definition, aad, tls, 0, definition.name().toLowerCase(Locale.ROOT) + ".vault.azure.net")
        : KeyVaultStandIn.start(definition, aad, tls);
    byName.put(key, vault);
    return vault;
  }

  /** The vault with this name; empty as a deleted or mistyped vault would be (DNS does not resolve). */
  public Optional<KeyVaultStandIn> byName(String vaultName) {
    return Optional.ofNullable(byName.get(vaultName.toLowerCase(Locale.ROOT)));
  }

  public Collection<KeyVaultStandIn> all() {
    return List.copyOf(byName.values());
  }

  public AzureAdStandIn aad() {
    return aad;
  }

  @Override
  public void close() {
    byName.values().forEach(KeyVaultStandIn::close);
    byName.clear();
  }
}

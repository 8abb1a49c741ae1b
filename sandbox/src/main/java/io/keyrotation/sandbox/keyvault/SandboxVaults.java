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

  public SandboxVaults(AzureAdStandIn aad, SandboxTls tls) {
    this.aad = aad;
    this.tls = tls;
  }

  public KeyVaultStandIn start(VaultDefinition definition) {
    String key = definition.name().toLowerCase(Locale.ROOT);
    if (byName.containsKey(key)) {
      throw new IllegalArgumentException("a vault named " + definition.name() + " already exists");
    }
    KeyVaultStandIn vault = KeyVaultStandIn.start(definition, aad, tls);
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

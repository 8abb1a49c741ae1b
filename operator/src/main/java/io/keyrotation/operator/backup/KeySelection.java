package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.BackupSource.KeySelector;
import io.keyrotation.operator.keyvault.KeyFilter;
import io.keyrotation.operator.keyvault.KeyVaultGateway;
import io.keyrotation.operator.keyvault.VaultKeyInfo;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The keys a run backs up, from one listing of the source vault: by names, by prefix and tags, or all. */
final class KeySelection {
  private KeySelection() {}

  record Selected(List<String> keys, List<String> missingNames) {}

  static Selected select(KeyVaultGateway source, KeySelector selector) {
    KeyFilter filter = new KeyFilter(selector.namePrefix() == null ? "" : selector.namePrefix(),
        selector.matchTags() == null ? Map.of() : selector.matchTags());
    List<String> listed = source.listKeys(filter).stream().map(VaultKeyInfo::name).sorted().toList();
    if (selector.names() == null || selector.names().isEmpty()) {
      return new Selected(listed, List.of());
    }
    // Key Vault names are case-insensitive.
    Set<String> present = listed.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    List<String> keys = listed.stream().filter(n -> selector.names().stream().anyMatch(n::equalsIgnoreCase)).toList();
    List<String> missing = selector.names().stream().filter(n -> !present.contains(n.toLowerCase(Locale.ROOT))).toList();
    return new Selected(keys, missing);
  }
}

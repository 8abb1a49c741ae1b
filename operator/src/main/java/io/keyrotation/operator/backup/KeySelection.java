package io.keyrotation.operator.backup;

import io.keyrotation.operator.api.backup.BackupSource.KeySelector;
import io.keyrotation.operator.blob.ArchivedBackup;
import io.keyrotation.operator.blob.BackupArchive;
import io.keyrotation.operator.keyvault.KeyFilter;
import io.keyrotation.operator.keyvault.KeyVaultGateway;
import io.keyrotation.operator.keyvault.VaultKeyInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The keys a run works on, from one listing of the source vault and one of the archive's key folders:
 * the source keys that match the selector, plus the archived keys that match it but are gone from the
 * source (deleted or purged there: the disaster the archive is for). Those are still restored into
 * standbys; the archive step reports them as missing at the source. For {@code matchTags}, an archived
 * key matches with the tags its newest archive recorded.
 */
final class KeySelection {
  private KeySelection() {}

  /** {@code keys}: sorted; {@code missingNames}: named in the spec, neither in the source nor archived. */
  record Selected(List<String> keys, List<String> missingNames) {}

  static Selected select(KeyVaultGateway source, BackupArchive archive, String vaultName, KeySelector selector) {
    String prefix = selector.namePrefix() == null ? "" : selector.namePrefix();
    Map<String, String> tags = selector.matchTags() == null ? Map.of() : selector.matchTags();
    List<String> names = selector.names() == null ? List.of() : selector.names();
    // Listed without the tag filter: a key present at the source with other tags is not "lost".
    List<VaultKeyInfo> atSource = source.listKeys(new KeyFilter(prefix, Map.of()));
    Set<String> sourceNames = atSource.stream().map(k -> lower(k.name())).collect(Collectors.toSet());
    Set<String> chosen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    atSource.stream().filter(k -> hasTags(k.tags(), tags) && named(names, k.name())).forEach(k -> chosen.add(k.name()));
    for (String archived : archive.archivedKeys(vaultName)) {
      if (sourceNames.contains(lower(archived)) || !named(names, archived) || !startsWith(archived, prefix)) {
        continue;
      }
      List<ArchivedBackup> archives = archive.list(vaultName, archived);
      if (!archives.isEmpty() && (tags.isEmpty() || hasTags(archives.get(archives.size() - 1).tags(), tags))) {
        chosen.add(archived);
      }
    }
    Set<String> chosenLower = chosen.stream().map(KeySelection::lower).collect(Collectors.toSet());
    List<String> missing = names.stream().filter(n -> !chosenLower.contains(lower(n))).toList();
    return new Selected(new ArrayList<>(chosen), missing);
  }

  private static boolean named(List<String> names, String key) {
    return names.isEmpty() || names.stream().anyMatch(key::equalsIgnoreCase);
  }

  // Key Vault names are case-insensitive.
  private static boolean startsWith(String key, String prefix) {
    return key.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static boolean hasTags(Map<String, String> keyTags, Map<String, String> wanted) {
    return wanted.entrySet().stream().allMatch(t -> t.getValue().equals(keyTags.get(t.getKey())));
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}

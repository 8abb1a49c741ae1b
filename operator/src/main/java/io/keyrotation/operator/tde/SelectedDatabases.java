package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.DatabaseSelection;
import io.keyrotation.operator.sqlserver.AsymmetricKey;
import io.keyrotation.operator.sqlserver.DatabaseEncryption;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which databases of one instance a policy looks after. {@code AllEncrypted}: every user database
 * whose encryption key is protected by an asymmetric key of the policy's provider. {@code Listed}:
 * the named databases that have an encryption key, whatever protects it (a certificate-protected
 * one is migrated only when listed).
 */
final class SelectedDatabases {
  static final String ASYMMETRIC_KEY = "ASYMMETRIC KEY";

  private SelectedDatabases() {}

  static List<DatabaseEncryption> of(DatabaseSelection selection, String provider, List<AsymmetricKey> keys,
      List<DatabaseEncryption> databases) {
    if (selection.selection() == DatabaseSelection.Selection.Listed) {
      Set<String> names = selection.names().stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
      return databases.stream().filter(DatabaseEncryption::hasEncryptionKey)
          .filter(d -> names.contains(d.name().toLowerCase(Locale.ROOT))).toList();
    }
    Set<String> providerThumbprints = keys.stream()
        .filter(k -> k.providerName() != null && k.providerName().equalsIgnoreCase(provider))
        .map(k -> k.thumbprint().toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
    return databases.stream().filter(DatabaseEncryption::hasEncryptionKey)
        .filter(d -> ASYMMETRIC_KEY.equalsIgnoreCase(d.encryptorType()) && d.encryptorThumbprint() != null)
        .filter(d -> providerThumbprints.contains(d.encryptorThumbprint().toUpperCase(Locale.ROOT)))
        .toList();
  }

  /** Databases whose encryption key is protected by a certificate (reported at adoption). */
  static List<String> certificateProtected(List<DatabaseEncryption> databases) {
    return databases.stream().filter(DatabaseEncryption::hasEncryptionKey)
        .filter(d -> d.encryptorType() != null && d.encryptorType().toUpperCase(Locale.ROOT).contains("CERTIFICATE"))
        .map(DatabaseEncryption::name).toList();
  }
}

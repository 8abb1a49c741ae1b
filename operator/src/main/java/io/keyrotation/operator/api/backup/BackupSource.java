package io.keyrotation.operator.api.backup;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyrotation.operator.api.common.Formats;
import io.keyrotation.operator.api.common.VaultRef;
import java.util.List;
import java.util.Map;

@ValidationRule(value = "has(self.vault.region)",
    message = "source.vault.region is required: it decides where backups may be restored", fieldPath = ".vault.region",
    reason = "FieldValueRequired")
public record BackupSource(
    @Required VaultRef vault,
    @JsonPropertyDescription("Which keys to back up. Empty: every key in the vault.")
    KeySelector keys) {

  public BackupSource {
    if (keys == null) keys = KeySelector.all();
  }

  /** Selects keys by exact names, or by a name prefix and/or tags (all given criteria must match). */
  @ValidationRule(value = "!(has(self.names) && (has(self.namePrefix) || has(self.matchTags)))",
      message = "names cannot be combined with namePrefix or matchTags", fieldPath = ".names")
  public record KeySelector(
      @Size(max = 1000)
      @JsonPropertyDescription("Exact key names.")
      @ValidationRule(value = "self.all(n, n.matches(r'" + Formats.KEY_NAME + "'))", message = Formats.KEY_NAME_WORDS)
      List<@Size(min = 1, max = Formats.KEY_NAME_MAX) String> names,
      @Size(max = Formats.CEL_STRING_MAX) @ValidationRule(value = Formats.KEY_NAME_CEL, message = Formats.KEY_NAME_WORDS)
      @JsonPropertyDescription("Keys whose name starts with this.")
      String namePrefix,
      @JsonPropertyDescription("Keys carrying all of these tags with these values.")
      Map<String, String> matchTags) {

    public static KeySelector all() {
      return new KeySelector(null, null, null);
    }

    // Declared, so that the component's @ValidationRule stays on the field only: fabric8 collects both.
    @Override
    public List<String> names() {
      return names;
    }

    @Override
    public String namePrefix() {
      return namePrefix;
    }
  }
}

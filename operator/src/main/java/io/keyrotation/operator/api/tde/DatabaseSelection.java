package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyrotation.operator.api.common.Formats;
import java.util.List;

@ValidationRule(value = "has(self.selection) && self.selection == 'Listed' ? (has(self.names) && size(self.names) > 0) : !has(self.names)",
    message = "names is required with selection Listed, and only allowed with it", fieldPath = ".names")
public record DatabaseSelection(
    @Default("AllEncrypted")
    @JsonPropertyDescription("AllEncrypted: every database with a database encryption key. Listed: only the databases in names.")
    Selection selection,
    @Size(max = 500)
    @JsonPropertyDescription("Database names, with selection Listed.")
    List<@Size(min = 1, max = Formats.SQL_NAME_MAX) @Pattern(Formats.SQL_NAME) String> names) {

  public DatabaseSelection {
    if (selection == null) selection = Selection.AllEncrypted;
  }

  public static DatabaseSelection allEncrypted() {
    return new DatabaseSelection(Selection.AllEncrypted, null);
  }

  public enum Selection { AllEncrypted, Listed }
}

package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.tde.KeyRotationProgress.SqlObjects;
import io.keyrotation.operator.api.tde.SqlObjectNames;

/** The SQL Server object names for one vault key, from the spec's templates. */
final class SqlObjectNaming {
  private SqlObjectNaming() {}

  /** {@code keyLabel} is the vault key name, or for NewVersion the name and the start of the version. */
  static SqlObjects forKey(SqlObjectNames templates, String keyLabel) {
    return new SqlObjects(fill(templates.asymmetricKey(), keyLabel), fill(templates.login(), keyLabel),
        fill(templates.credential(), keyLabel));
  }

  private static String fill(String template, String keyLabel) {
    return template.replace(SqlObjectNames.KEY_NAME, keyLabel);
  }
}

package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.keyrotation.operator.api.common.Formats;
import io.keyrotation.operator.api.common.SqlServerInstance;
import java.util.List;

public record SqlServerTarget(
    @Default("EKM") @Size(min = 1, max = Formats.SQL_NAME_MAX) @Pattern(Formats.SQL_NAME)
    @JsonPropertyDescription("Name of the cryptographic provider registered for the SQL Server Connector.")
    String providerName,
    @Required @Size(min = 1, max = 9)
    @JsonPropertyDescription("The instance, or every replica of the availability group (the key is registered on each before any DEK is re-encrypted).")
    List<SqlServerInstance> instances,
    @JsonPropertyDescription("Which databases' encryption keys are re-encrypted. Defaults to every TDE database.")
    DatabaseSelection databases,
    @JsonPropertyDescription("Names of the SQL Server objects created for each new key.")
    SqlObjectNames objectNames) {

  public SqlServerTarget {
    if (providerName == null) providerName = "EKM";
    if (databases == null) databases = DatabaseSelection.allEncrypted();
    if (objectNames == null) objectNames = SqlObjectNames.defaults();
  }
}

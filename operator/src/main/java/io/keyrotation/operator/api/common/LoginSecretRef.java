package io.keyrotation.operator.api.common;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret, in the resource's namespace, holding the login the operator uses on a SQL Server instance. */
public record LoginSecretRef(
    @Required @Size(max = 253) @Pattern(Formats.OBJECT_NAME)
    @JsonPropertyDescription("Name of the Secret in the same namespace.")
    String name,
    @Default("username") @Pattern(Formats.SECRET_KEY)
    @JsonPropertyDescription("Key holding the login name (SQL authentication) or the client id (service principal).")
    String usernameKey,
    @Default("password") @Pattern(Formats.SECRET_KEY)
    @JsonPropertyDescription("Key holding the password or client secret.")
    String passwordKey) {

  public LoginSecretRef {
    if (usernameKey == null) usernameKey = "username";
    if (passwordKey == null) passwordKey = "password";
  }

  public static LoginSecretRef named(String name) {
    return new LoginSecretRef(name, null, null);
  }
}

package io.keyrotation.operator.api.tde;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyrotation.operator.api.common.Formats;

/** Templates for the names of the objects created in {@code master} for each key; {@code {keyName}} is the vault key's name. */
@ValidationRule(value = "self.asymmetricKey.contains('{keyName}')", fieldPath = ".asymmetricKey",
    message = "each name template must contain {keyName}, so every key gets its own objects")
@ValidationRule(value = "self.login.contains('{keyName}')", fieldPath = ".login",
    message = "each name template must contain {keyName}, so every key gets its own objects")
@ValidationRule(value = "self.credential.contains('{keyName}')", fieldPath = ".credential",
    message = "each name template must contain {keyName}, so every key gets its own objects")
public record SqlObjectNames(
    @Default(DEFAULT_ASYMMETRIC_KEY) @Pattern(Formats.SQL_NAME_TEMPLATE)
    @JsonPropertyDescription("Asymmetric key created FROM PROVIDER.")
    String asymmetricKey,
    @Default(DEFAULT_LOGIN) @Pattern(Formats.SQL_NAME_TEMPLATE)
    @JsonPropertyDescription("Login created FROM ASYMMETRIC KEY.")
    String login,
    @Default(DEFAULT_CREDENTIAL) @Pattern(Formats.SQL_NAME_TEMPLATE)
    @JsonPropertyDescription("Credential FOR CRYPTOGRAPHIC PROVIDER, mapped to the login.")
    String credential) {

  public static final String KEY_NAME = "{keyName}";
  public static final String DEFAULT_ASYMMETRIC_KEY = "TDE_KEY_{keyName}";
  public static final String DEFAULT_LOGIN = "TDE_LOGIN_{keyName}";
  public static final String DEFAULT_CREDENTIAL = "TDE_CRED_{keyName}";

  public SqlObjectNames {
    if (asymmetricKey == null) asymmetricKey = DEFAULT_ASYMMETRIC_KEY;
    if (login == null) login = DEFAULT_LOGIN;
    if (credential == null) credential = DEFAULT_CREDENTIAL;
  }

  public static SqlObjectNames defaults() {
    return new SqlObjectNames(null, null, null);
  }
}

package io.keyrotation.operator.api.principal;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.keyrotation.operator.api.common.Formats;
import io.keyrotation.operator.api.common.SqlServerInstance;
import java.util.List;

@ValidationRule(value = "(has(self.sqlServerCredentials) && size(self.sqlServerCredentials) > 0) || (has(self.kubernetesSecrets) && size(self.kubernetesSecrets) > 0)",
    message = "at least one target is required: sqlServerCredentials or kubernetesSecrets")
public record RotationTargets(
    @Size(max = 20)
    @JsonPropertyDescription("SQL Server credentials (FOR CRYPTOGRAPHIC PROVIDER) whose SECRET embeds the client secret.")
    List<SqlCredentialTarget> sqlServerCredentials,
    @Size(max = 50)
    @JsonPropertyDescription("Kubernetes Secrets, in this namespace, that hold the client secret.")
    List<KubernetesSecretTarget> kubernetesSecrets) {

  public RotationTargets {
    if (sqlServerCredentials == null) sqlServerCredentials = List.of();
    if (kubernetesSecrets == null) kubernetesSecrets = List.of();
  }

  public record SqlCredentialTarget(
      @Required SqlServerInstance instance,
      @Required @Size(min = 1, max = 50)
      @JsonPropertyDescription("Credential names on this instance (ALTER CREDENTIAL ... WITH IDENTITY = <vault>, SECRET = <client id without hyphens><new secret>).")
      List<@Size(min = 1, max = Formats.SQL_NAME_MAX) @Pattern(Formats.SQL_NAME) String> credentialNames) {}

  public record KubernetesSecretTarget(
      @Required @Size(max = 253) @Pattern(Formats.OBJECT_NAME)
      String name,
      @Default("clientSecret") @Pattern(Formats.SECRET_KEY)
      String key,
      @Default("ClientSecret")
      @JsonPropertyDescription("ClientSecret: the secret text. EkmSecret: the client id without hyphens followed by the secret, as in a CREATE CREDENTIAL.")
      ValueFormat format) {

    public KubernetesSecretTarget {
      if (key == null) key = "clientSecret";
      if (format == null) format = ValueFormat.ClientSecret;
    }
  }

  public enum ValueFormat { ClientSecret, EkmSecret }
}

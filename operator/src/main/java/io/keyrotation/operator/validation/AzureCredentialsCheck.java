package io.keyrotation.operator.validation;

import io.keyrotation.operator.api.common.AzureCredentials;

public final class AzureCredentialsCheck {
  private AzureCredentialsCheck() {}

  public static void check(SpecProblems problems, String field, AzureCredentials credentials) {
    boolean clientSecret = credentials.type() == AzureCredentials.Type.ClientSecret;
    if (clientSecret && credentials.secretRef() == null) {
      problems.add(field + ".secretRef", "is required when type is ClientSecret");
    }
    if (!clientSecret && credentials.secretRef() != null) {
      problems.add(field + ".secretRef", "is only used when type is ClientSecret; remove it or set type: ClientSecret");
    }
  }
}

package io.keyrotation.operator.tde;

import io.keyrotation.operator.api.common.SqlServerInstance;
import io.keyrotation.operator.api.tde.TdeKeyPolicySpec;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Secrets, in the policy's namespace, a TdeKeyPolicy reads: the connector's service principal,
 * the operator's own Azure credentials, the SQL logins and a CA kept in a Secret.
 */
final class ReferencedSecrets {
  private ReferencedSecrets() {}

  static SortedSet<String> names(TdeKeyPolicySpec spec) {
    SortedSet<String> names = new TreeSet<>();
    if (spec == null) {
      return names;
    }
    if (spec.ekmCredential() != null && spec.ekmCredential().servicePrincipalSecretRef() != null) {
      names.add(spec.ekmCredential().servicePrincipalSecretRef().name());
    }
    if (spec.azureCredentials() != null && spec.azureCredentials().secretRef() != null) {
      names.add(spec.azureCredentials().secretRef().name());
    }
    if (spec.sqlServer() != null && spec.sqlServer().instances() != null) {
      for (SqlServerInstance instance : spec.sqlServer().instances()) {
        if (instance.loginSecretRef() != null) {
          names.add(instance.loginSecretRef().name());
        }
        if (instance.tls() != null && instance.tls().caCertificateRef() != null
            && instance.tls().caCertificateRef().secretName() != null) {
          names.add(instance.tls().caCertificateRef().secretName());
        }
      }
    }
    return names;
  }

  /** {@code name@resourceVersion} of each, sorted ({@code name@-} when absent): a change of any shows, the data never. */
  static String versions(TdeKeyPolicySpec spec, Function<String, Optional<String>> resourceVersionOf) {
    return names(spec).stream()
        .map(name -> name + "@" + resourceVersionOf.apply(name).orElse("-"))
        .collect(Collectors.joining(","));
  }
}

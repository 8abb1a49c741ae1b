package io.keyrotation.operator.principal;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.keyrotation.operator.api.common.ClientSecretRef;
import io.keyrotation.operator.api.common.SqlServerInstance;
import io.keyrotation.operator.api.principal.RotationTargets.KubernetesSecretTarget;
import io.keyrotation.operator.api.principal.ServicePrincipalRotationSpec;
import io.keyrotation.operator.api.tde.KeyRotationProgress;
import io.keyrotation.operator.api.tde.ProtectorKey;
import io.keyrotation.operator.api.tde.TdeKeyPolicy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The SQL Server instances and credentials a rotation switches: those its spec names, plus the
 * credentials the TdeKeyPolicies of its namespace created (one per key, recorded in their status)
 * when their EKM credential is built from a Secret this rotation updates or from this application.
 * Those credentials embed the same client secret; leaving them out would break the databases their
 * keys protect once the old secret is removed.
 */
final class TdeCredentialTargets {
  /** One instance to update and the credential names beyond the spec's (the TDE policies' ones). */
  record Instance(SqlServerInstance instance, Set<String> tdeCredentials) {}

  private final KubernetesClient client;

  TdeCredentialTargets(KubernetesClient client) {
    this.client = client;
  }

  /** The spec's instances first (in order), then instances only a TDE policy names; by instance name. */
  List<Instance> instances(String namespace, ServicePrincipalRotationSpec spec) {
    Map<String, SqlServerInstance> byName = new LinkedHashMap<>();
    Map<String, Set<String>> credentials = new LinkedHashMap<>();
    spec.targets().sqlServerCredentials().forEach(t -> {
      byName.putIfAbsent(t.instance().name(), t.instance());
      credentials.putIfAbsent(t.instance().name(), new LinkedHashSet<>());
    });
    for (TdeKeyPolicy policy : embeddingPolicies(namespace, spec)) {
      List<String> names = credentialNames(policy);
      if (names.isEmpty()) {
        continue;
      }
      for (SqlServerInstance instance : policy.getSpec().sqlServer().instances()) {
        byName.putIfAbsent(instance.name(), instance);
        credentials.computeIfAbsent(instance.name(), n -> new LinkedHashSet<>()).addAll(names);
      }
    }
    List<Instance> result = new ArrayList<>();
    byName.forEach((name, instance) -> result.add(new Instance(instance, credentials.get(name))));
    return result;
  }

  private List<TdeKeyPolicy> embeddingPolicies(String namespace, ServicePrincipalRotationSpec spec) {
    Set<String> targeted = new LinkedHashSet<>();
    spec.targets().kubernetesSecrets().stream().map(KubernetesSecretTarget::name).forEach(targeted::add);
    return client.resources(TdeKeyPolicy.class).inNamespace(namespace).list().getItems().stream()
        .filter(p -> p.getSpec() != null && p.getSpec().ekmCredential() != null
            && p.getSpec().ekmCredential().servicePrincipalSecretRef() != null)
        .filter(p -> {
          ClientSecretRef ref = p.getSpec().ekmCredential().servicePrincipalSecretRef();
          return targeted.contains(ref.name()) || spec.application().clientId().equalsIgnoreCase(clientIdIn(namespace, ref));
        })
        .toList();
  }

  private String clientIdIn(String namespace, ClientSecretRef ref) {
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.name()).get();
    if (secret == null || secret.getData() == null || secret.getData().get(ref.clientIdKey()) == null) {
      return "";
    }
    return new String(Base64.getDecoder().decode(secret.getData().get(ref.clientIdKey())), StandardCharsets.UTF_8).trim();
  }

  /**
   * The credentials of the policy's keys, and that of its rotation in flight: the policy records that
   * name before it creates the credential from the Secret, so a credential created from the old
   * secret just before this rotation rewrote the Secret is switched too (found by the soak, seed 103).
   */
  private static List<String> credentialNames(TdeKeyPolicy policy) {
    var status = policy.getStatus();
    if (status == null) {
      return List.of();
    }
    Stream<ProtectorKey> keys = Stream.concat(Stream.ofNullable(status.activeKey()),
        status.previousKeys() == null ? Stream.empty() : status.previousKeys().stream());
    Stream<String> inFlight = Stream.ofNullable(status.rotation()).map(KeyRotationProgress::sqlObjects).filter(Objects::nonNull)
        .map(KeyRotationProgress.SqlObjects::credential);
    return Stream.concat(keys.filter(Objects::nonNull).map(ProtectorKey::credentialName), inFlight).filter(Objects::nonNull)
        .distinct().toList();
  }
}

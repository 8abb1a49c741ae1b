package io.keyrotation.operator.principal;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.keyrotation.operator.api.principal.RotationTargets;
import io.keyrotation.operator.config.CredentialsResolver;
import io.keyrotation.operator.sqlserver.SqlServerEndpoint;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;

/**
 * Every Secret and ConfigMap a rotation's targets name exists (and holds the keys it must), checked in
 * Kubernetes before any call to Graph: a typo in a reference then costs no new password in Azure AD and
 * no rotation stuck half-way with a secret it cannot distribute. Reported as NotFound, like the other kinds.
 */
final class SecretReferences {
  private final KubernetesClient client;
  private final CredentialsResolver credentials;

  SecretReferences(KubernetesClient client, CredentialsResolver credentials) {
    this.client = client;
    this.credentials = credentials;
  }

  void requirePresent(String namespace, RotationTargets targets) {
    for (int i = 0; i < targets.kubernetesSecrets().size(); i++) {
      String name = targets.kubernetesSecrets().get(i).name();
      if (fetch(namespace, name) == null) {
        throw new GatewayException(FailureReason.NotFound, "Secret " + namespace + "/" + name + " (spec.targets.kubernetesSecrets["
            + i + "]) does not exist; the operator updates Secrets but does not create them");
      }
    }
    // The login Secret and CA of each instance, read as the UpdateTargets step will read them (nothing is connected to here).
    targets.sqlServerCredentials().forEach(target ->
        credentials.sqlServerEndpoint(namespace, SqlServerEndpoint.DEFAULT_EKM_PROVIDER, target.instance()));
  }

  private Secret fetch(String namespace, String name) {
    try {
      return client.secrets().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      FailureReason reason = e.getCode() == 403 ? FailureReason.Forbidden : FailureReason.Unavailable;
      throw new GatewayException(reason, "could not read Secret " + namespace + "/" + name + " (HTTP " + e.getCode()
          + "); the operator needs get on secrets in this namespace");
    }
  }
}

package io.keyrotation.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The operator's Kubernetes client: fabric8's defaults, reading short strings as shared copies ({@link SharedStringsModule}). */
public final class KubernetesClients {
  private KubernetesClients() {}

  /** Configured as fabric8 finds it (kubeconfig, in-cluster service account, environment). */
  public static KubernetesClient fromEnvironment() {
    return new KubernetesClientBuilder().withKubernetesSerialization(serialization()).build();
  }

  static KubernetesSerialization serialization() {
    return new KubernetesSerialization(new ObjectMapper().registerModule(new SharedStringsModule()), true);
  }
}

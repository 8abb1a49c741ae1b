package io.keyrotation.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The operator's Kubernetes client: fabric8's defaults, reading short strings as shared copies ({@link SharedStringsModule})
 * and empty maps of unknown fields as one shared map ({@link SharedEmptyExtrasModule}).
 */
public final class KubernetesClients {
  /**
   * The page size of every informer's list. Unpaged, each informer's first list was one body of the whole collection
   * (~4.5 MB for 3,333 TdeKeyPolicies), and the JDK client's connection that carried it kept that body reachable for
   * as long as the watch later opened on the same connection lived (its connect-timeout event holds the exchange that
   * opened it). Paged, what stays is one page per watch connection: 100 objects, ~140 KB; client-go's 500 would
   * keep ~0.7 MB each. A relist of 10,000 objects is then 100 requests.
   */
  public static final long INFORMER_LIST_PAGE = 100;

  private KubernetesClients() {}

  /** Configured as fabric8 finds it (kubeconfig, in-cluster service account, environment). */
  public static KubernetesClient fromEnvironment() {
    return new KubernetesClientBuilder().withKubernetesSerialization(serialization()).build();
  }

  static KubernetesSerialization serialization() {
    return new KubernetesSerialization(new ObjectMapper().registerModule(new SharedStringsModule()).registerModule(new SharedEmptyExtrasModule()), true);
  }
}

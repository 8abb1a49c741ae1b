package io.keyrotation.operator.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A fabric8 client that records every API call it makes, for checks on what the operator does. */
public final class AuditedClient {
  private final List<ApiCall> calls = new CopyOnWriteArrayList<>();
  private final KubernetesClient client;

  public AuditedClient(Config config) {
    Interceptor recorder = new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        ApiCall.of(request.method(), request.uri()).ifPresent(calls::add);
      }
    };
    client = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("audit", recorder))
        .build();
  }

  public KubernetesClient client() {
    return client;
  }

  public List<ApiCall> calls() {
    return List.copyOf(calls);
  }

  public Set<ApiCall> distinctCalls() {
    return calls.stream().collect(Collectors.toUnmodifiableSet());
  }
}

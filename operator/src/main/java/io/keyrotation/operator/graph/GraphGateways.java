package io.keyrotation.operator.graph;

import io.keyrotation.operator.metrics.ExternalCallPolicy;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import io.keyrotation.operator.keyvault.AzureCredentials;
import io.keyrotation.operator.keyvault.AzureIdentity;
import io.keyrotation.operator.keyvault.TrustedCertificates;
import io.keyrotation.operator.status.FailureReason;
import io.keyrotation.operator.status.GatewayException;
import io.netty.handler.ssl.SslContextBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * One {@link GraphGateway} per operator identity, all sharing one HTTP client (connection pool,
 * trusted CAs); each identity's credential keeps its own token cache. Make one per operator process.
 */
public final class GraphGateways {
  private final GraphSettings settings;
  private final HttpClient httpClient;
  private final Map<AzureIdentity, GraphGateway> gateways = new ConcurrentHashMap<>();

  public GraphGateways(GraphSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.httpClient = buildHttpClient(settings);
  }

  public GraphSettings settings() {
    return settings;
  }

  public GraphGateway gatewayFor(AzureIdentity identity) {
    Objects.requireNonNull(identity, "identity");
    if (identity instanceof AzureIdentity.ClientSecret fresh && !gateways.containsKey(identity)) {
      // A new secret for the same client replaces the old credential (and its cached tokens).
      gateways.keySet().removeIf(old -> old instanceof AzureIdentity.ClientSecret s
          && s.clientId().equalsIgnoreCase(fresh.clientId()) && s.tenantId().equalsIgnoreCase(fresh.tenantId()));
    }
    return gateways.computeIfAbsent(identity, this::build);
  }

  private GraphGateway build(AzureIdentity identity) {
    TokenCredential credential = credentialFor(identity);
    HttpPipelinePolicy bearer = new BearerTokenAuthenticationPolicy(credential, settings.scope());
    HttpPipeline reads = pipeline(new RetryPolicy(new ExponentialBackoff(settings.maxRetries(), Duration.ofMillis(500),
        Duration.ofSeconds(30))), bearer);
    HttpPipeline writes = pipeline(null, bearer);
    return new AzureGraphGateway(reads, writes, settings.apiBase(), new GraphErrors(identity, settings.endpoint().toString()));
  }

  private HttpPipeline pipeline(RetryPolicy retry, HttpPipelinePolicy bearer) {
    List<HttpPipelinePolicy> policies = new ArrayList<>();
    if (retry != null) {
      policies.add(retry);
    }
    policies.add(bearer);
    policies.add(settings.userAgent());
    policies.add(ExternalCallPolicy.graph());
    return new HttpPipelineBuilder().httpClient(httpClient).policies(policies.toArray(new HttpPipelinePolicy[0])).build();
  }

  private TokenCredential credentialFor(AzureIdentity identity) {
    return AzureCredentials.of(identity, settings.authorityHost(), settings.disableInstanceDiscovery(), httpClient,
        settings.userAgent());
  }

  private static HttpClient buildHttpClient(GraphSettings settings) {
    NettyAsyncHttpClientBuilder builder = settings.extraTrustedCaFile().isEmpty()
        ? new NettyAsyncHttpClientBuilder()
        : new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
            .secure(spec -> spec.sslContext(sslContext(settings))));
    Duration timeout = settings.attemptTimeout();
    return builder.connectTimeout(timeout).responseTimeout(timeout).readTimeout(timeout).writeTimeout(timeout).build();
  }

  private static io.netty.handler.ssl.SslContext sslContext(GraphSettings settings) {
    try {
      return SslContextBuilder.forClient().trustManager(TrustedCertificates.withExtraCa(settings.extraTrustedCaFile().get())).build();
    } catch (SSLException e) {
      throw new GatewayException(FailureReason.InvalidSpec, "Cannot set up TLS with the extra CA file "
          + settings.extraTrustedCaFile().get() + ": " + e.getMessage(), e);
    }
  }
}

package io.keyrotation.operator.graph;

import io.keyrotation.operator.config.OperatorConfig;
import io.keyrotation.operator.keyvault.OperatorUserAgentPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the operator reaches Microsoft Graph: the endpoint (national clouds, sandbox), the authority
 * host its identity signs in at, an extra CA to trust, per-request timeout and retries, and the replica's name.
 *
 * @param maxRetries retries of a read or a removal on 429, 5xx and timeouts (Retry-After honoured);
 *     {@code addPassword} is never retried by the gateway
 * @param instanceName the replica's name, which the User-Agent of every request carries; empty: the operator's name alone
 */
public record GraphSettings(URI endpoint, URI authorityHost, Optional<Path> extraTrustedCaFile, boolean disableInstanceDiscovery,
                            Duration attemptTimeout, int maxRetries, Optional<String> instanceName) {

  /** Graph's token audience per national cloud endpoint ("National cloud deployments", Microsoft Graph docs). */
  private static final Map<String, String> SCOPE_BY_HOST = Map.of(
      "graph.microsoft.com", "https://graph.microsoft.com/.default",
      "graph.microsoft.us", "https://graph.microsoft.us/.default",
      "dod-graph.microsoft.us", "https://dod-graph.microsoft.us/.default",
      "microsoftgraph.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn/.default");

  public GraphSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(authorityHost, "authorityHost");
    Objects.requireNonNull(extraTrustedCaFile, "extraTrustedCaFile");
    Objects.requireNonNull(attemptTimeout, "attemptTimeout");
    if (!"https".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getHost() == null) {
      throw new IllegalArgumentException("the Graph endpoint must be an https URL: " + endpoint);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries cannot be negative");
    }
    Objects.requireNonNull(instanceName, "instanceName");
  }

  /** Without a replica name. */
  public GraphSettings(URI endpoint, URI authorityHost, Optional<Path> extraTrustedCaFile, boolean disableInstanceDiscovery,
      Duration attemptTimeout, int maxRetries) {
    this(endpoint, authorityHost, extraTrustedCaFile, disableInstanceDiscovery, attemptTimeout, maxRetries, Optional.empty());
  }

  public static GraphSettings from(OperatorConfig config) {
    return new GraphSettings(config.graphEndpoint(), config.azureAuthorityHost(), Optional.ofNullable(config.extraCaFile()),
        config.disableInstanceDiscovery(), Duration.ofSeconds(30), 3, Optional.of(config.instanceName()));
  }

  public GraphSettings withMaxRetries(int retries) {
    return new GraphSettings(endpoint, authorityHost, extraTrustedCaFile, disableInstanceDiscovery, attemptTimeout, retries,
        instanceName);
  }

  public GraphSettings withAttemptTimeout(Duration timeout) {
    return new GraphSettings(endpoint, authorityHost, extraTrustedCaFile, disableInstanceDiscovery, timeout, maxRetries,
        instanceName);
  }

  public GraphSettings withInstanceName(String name) {
    return new GraphSettings(endpoint, authorityHost, extraTrustedCaFile, disableInstanceDiscovery, attemptTimeout, maxRetries,
        Optional.of(name));
  }

  /** Names the operator, and this replica when known, in the User-Agent of every Graph and token request. */
  public OperatorUserAgentPolicy userAgent() {
    return new OperatorUserAgentPolicy(instanceName);
  }

  /**
   * The token scope: {@code <Graph resource>/.default} for the national cloud of the endpoint;
   * any other host (a proxy, the sandbox) is taken as the public cloud's Graph.
   */
  public String scope() {
    return SCOPE_BY_HOST.getOrDefault(endpoint.getHost().toLowerCase(Locale.ROOT), "https://graph.microsoft.com/.default");
  }

  /** {@code <endpoint>/v1.0}, without a trailing slash. */
  String apiBase() {
    String base = endpoint.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1.0";
  }
}

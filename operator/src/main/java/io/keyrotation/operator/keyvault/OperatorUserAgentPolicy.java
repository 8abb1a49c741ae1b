package io.keyrotation.operator.keyvault;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import java.util.Optional;

/**
 * Puts {@code keyrotation-operator (instance <replica>)} in front of the User-Agent of every Azure request (Key
 * Vault, Graph, Azure AD tokens, Blob Storage), so that Key Vault's logs ({@code clientInfo}) and the services' own
 * records tell which replica called, even when all replicas sign in as one application. The SDK's
 * {@code applicationId} cannot carry it: at most 24 characters, and a pod name is longer.
 *
 * <p>Per retry, after the SDK's {@code UserAgentPolicy} (which replaces the header): every attempt carries it, once.
 */
public final class OperatorUserAgentPolicy extends HttpPipelineSyncPolicy {
  public static final String PRODUCT = "keyrotation-operator";

  private final String prefix;

  /** @param instanceName the replica's name (a pod name: no secret), or empty for the operator's name alone */
  public OperatorUserAgentPolicy(Optional<String> instanceName) {
    this.prefix = instanceName.map(name -> PRODUCT + " (instance " + name + ")").orElse(PRODUCT);
  }

  /** The value the policy puts in front, e.g. {@code keyrotation-operator (instance keyrotation-operator-7d9f-x2k9p)}. */
  public String prefix() {
    return prefix;
  }

  @Override
  protected void beforeSendingRequest(HttpPipelineCallContext context) {
    HttpHeaders headers = context.getHttpRequest().getHeaders();
    String current = headers.getValue(HttpHeaderName.USER_AGENT);
    if (current == null || current.isBlank()) {
      headers.set(HttpHeaderName.USER_AGENT, prefix);
    } else if (!current.startsWith(prefix)) {
      headers.set(HttpHeaderName.USER_AGENT, prefix + " " + current);
    }
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_RETRY;
  }
}

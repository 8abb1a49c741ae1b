package io.keyrotation.operator.metrics;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.keyrotation.operator.status.ExternalCall;
import io.keyrotation.operator.status.ExternalCallTrace;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Records each HTTP attempt of an Azure SDK client: count, outcome, latency, 429s, and retries. It
 * sits after the SDK's retry policy, so it sees every attempt; the call context is shared between
 * the attempts of one call, which is how a retry is told from a first attempt.
 *
 * <p>Key Vault's first request of a client carries no token on purpose and is answered 401 with a
 * {@code WWW-Authenticate} challenge naming the authority and resource; the SDK then sends it again
 * with a token (https://learn.microsoft.com/azure/key-vault/general/authentication-requests-and-responses).
 * That handshake is neither a failure nor a retry, so it is not recorded.
 *
 * <p>Each attempt is also traced for the running step's log line ({@link ExternalCallTrace}) with the ids support
 * looks a call up by: the service's request id ({@code x-ms-request-id}; Graph's {@code request-id}) and the client
 * request id. A request that has none yet gets one here (a GUID, the same for every attempt of a call), as Azure's
 * {@code x-ms-client-request-id} and Graph's {@code client-request-id} headers allow: the Key Vault client's pipeline
 * sets none. The synchronous clients call {@code processSync} on the caller's thread, the thread the step runs on.
 */
public final class ExternalCallPolicy implements HttpPipelinePolicy {
  private static final String ATTEMPTED = "keyrotation.metrics.attempted";
  private static final HttpHeaderName REQUEST_ID = HttpHeaderName.X_MS_REQUEST_ID;
  private static final HttpHeaderName CLIENT_REQUEST_ID = HttpHeaderName.X_MS_CLIENT_REQUEST_ID;
  // Graph names them without the x-ms- prefix (https://learn.microsoft.com/graph/errors).
  private static final HttpHeaderName GRAPH_REQUEST_ID = HttpHeaderName.fromString("request-id");
  private static final HttpHeaderName GRAPH_CLIENT_REQUEST_ID = HttpHeaderName.fromString("client-request-id");

  private final String system;
  private final Function<com.azure.core.http.HttpRequest, String> operation;
  private final HttpHeaderName clientRequestId;

  private ExternalCallPolicy(String system, Function<com.azure.core.http.HttpRequest, String> operation,
      HttpHeaderName clientRequestId) {
    this.system = system;
    this.operation = operation;
    this.clientRequestId = clientRequestId;
  }

  public static ExternalCallPolicy keyVault() {
    return new ExternalCallPolicy("keyvault", r -> KeyVaultOperations.of(r.getHttpMethod().name(), r.getUrl().getPath()),
        CLIENT_REQUEST_ID);
  }

  public static ExternalCallPolicy graph() {
    return new ExternalCallPolicy("graph", r -> GraphOperations.of(r.getHttpMethod().name(), r.getUrl().getPath()),
        GRAPH_CLIENT_REQUEST_ID);
  }

  public static ExternalCallPolicy blob() {
    return new ExternalCallPolicy("blob", r -> BlobOperations.of(r.getHttpMethod().name(), r.getUrl().getQuery()),
        CLIENT_REQUEST_ID);
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    String op = start(context);
    long started = System.nanoTime();
    return next.process()
        .doOnNext(response -> finish(context, op, response, started))
        .doOnError(error -> finish(context, op, null, started));
  }

  @Override
  public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    String op = start(context);
    long started = System.nanoTime();
    try {
      HttpResponse response = next.processSync();
      finish(context, op, response, started);
      return response;
    } catch (RuntimeException e) {
      finish(context, op, null, started);
      throw e;
    }
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_RETRY;
  }

  private String start(HttpPipelineCallContext context) {
    HttpHeaders headers = context.getHttpRequest().getHeaders();
    if (headers.getValue(clientRequestId) == null) {
      headers.set(clientRequestId, UUID.randomUUID().toString());
    }
    String op = operation.apply(context.getHttpRequest());
    if (context.getData(ATTEMPTED).isPresent()) {
      ExternalCalls.retried(system, op);
    }
    return op;
  }

  private void finish(HttpPipelineCallContext context, String op, HttpResponse response, long startedNanos) {
    if (response != null && response.getStatusCode() == 401
        && context.getHttpRequest().getHeaders().getValue(HttpHeaderName.AUTHORIZATION) == null
        && response.getHeaders().getValue(HttpHeaderName.WWW_AUTHENTICATE) != null) {
      return;
    }
    context.setData(ATTEMPTED, Boolean.TRUE);
    String outcome = response == null ? HttpOutcome.noResponse() : HttpOutcome.of(response.getStatusCode());
    if (response != null && response.getStatusCode() == 429) {
      ExternalCalls.throttled(system, op);
    }
    ExternalCalls.record(system, op, outcome, Duration.ofNanos(System.nanoTime() - startedNanos));
    ExternalCallTrace.record(new ExternalCall(system, op, outcome, response == null ? null : requestId(response.getHeaders()),
        context.getHttpRequest().getHeaders().getValue(clientRequestId)));
  }

  private static String requestId(HttpHeaders headers) {
    for (HttpHeaderName name : new HttpHeaderName[] {REQUEST_ID, GRAPH_REQUEST_ID}) {
      String value = headers.getValue(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }
}

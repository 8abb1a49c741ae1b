package io.keyrotation.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class HealthServerTest {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  @Test
  void servesMetricsOnGetOnlyWithThePrometheusContentType() throws Exception {
    try (HealthServer server = new HealthServer(0, () -> true, out -> out.write("up 1\n".getBytes(UTF_8)), CONTENT_TYPE)) {
      HttpResponse<String> metrics = send(server, "GET", "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).isEqualTo("up 1\n");
      assertThat(metrics.headers().firstValue("Content-Type")).contains(CONTENT_TYPE);

      assertThat(send(server, "POST", "/metrics").statusCode()).isEqualTo(405);
      assertThat(send(server, "GET", "/metrics/extra").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void streamsALargeExpositionAsItIsWrittenNotAsOneBuffer() throws Exception {
    byte[] line = "keyrotation_resource_condition{namespace=\"team-a\",name=\"policy-0001\"} 1\n".getBytes(UTF_8);
    int lines = 40_000;
    try (HealthServer server = new HealthServer(0, () -> true, out -> {
      for (int i = 0; i < lines; i++) {
        out.write(line);
      }
    }, CONTENT_TYPE)) {
      HttpResponse<String> metrics = send(server, "GET", "/metrics");
      assertThat(metrics.body()).hasSize(lines * line.length);
      assertThat(metrics.headers().firstValue("Transfer-Encoding")).contains("chunked");
      assertThat(metrics.headers().firstValue("Content-Length")).isEmpty();
    }
  }

  @Test
  void hasNoMetricsWithoutASource() throws Exception {
    try (HealthServer server = new HealthServer(0, () -> false)) {
      assertThat(send(server, "GET", "/metrics").statusCode()).isEqualTo(404);
      assertThat(send(server, "GET", "/readyz").statusCode()).isEqualTo(503);
      assertThat(send(server, "GET", "/healthz").statusCode()).isEqualTo(200);
    }
  }

  static HttpResponse<String> send(HealthServer server, String method, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}

package io.keyrotation.operator.eventgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.keyrotation.operator.testing.OperatorHarness;
import io.keyrotation.operator.testing.Scrape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real-shaped Event Grid deliveries posted over HTTPS to the endpoint beside a running operator. */
class EventGridEndpointTest {
  static final String SECRET = "eg-" + UUID.randomUUID();
  static final String VAULT_TOPIC = "/subscriptions/5e6f7a8b-0000-4000-8000-000000000001/resourceGroups/tde/providers/Microsoft.KeyVault/vaults/contoso-tde";

  static OperatorHarness harness;
  static EndpointTls tls;
  static EventGridConfig config;
  static EventGridServer server;
  static HttpClient client;

  @BeforeAll
  static void start() throws Exception {
    harness = OperatorHarness.start();
    harness.applyExamples();
    Path dir = Path.of("target", "eventgrid-tls");
    tls = new EndpointTls(dir);
    Path secretFile = Files.writeString(dir.resolve("secret"), SECRET + "\n");
    config = new EventGridConfig(0, tls.certificate, tls.privateKey, secretFile);
    server = EventGridServer.start(config, harness.operator(), Clock.systemUTC());
    client = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciliations("TdeKeyPolicy") >= 1 && reconciliations("VaultBackupSchedule") >= 1);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void answersTheSubscriptionValidationHandshakeWithItsCode() throws Exception {
    HttpResponse<String> response = post(SECRET, "application/json", """
        [{"id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66", "topic": "%s", "subject": "",
          "data": {"validationCode": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6",
                   "validationUrl": "https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/kr/validate?id=512d38b6&t=2026-12-01T00:00:00Z&apiVersion=2018-05-01-preview&token=1A1A1A1A"},
          "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "eventTime": "2026-12-01T03:00:00Z",
          "metadataVersion": "1", "dataVersion": "1"}]""".formatted(VAULT_TOPIC));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"validationResponse\":\"512d38b6-c7b8-40c8-89fe-f46f9e9622b6\"}");
  }

  @Test
  void allowsTheOriginOfACloudEventsValidationRequest() throws Exception {
    HttpResponse<String> response = client.send(request(SECRET).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("WebHook-Request-Origin", "eventgrid.azure.net").build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("WebHook-Allowed-Origin")).contains("eventgrid.azure.net");
  }

  @Test
  void wakesThePolicyAndTheBackupScheduleThatUseTheExpiringKeyAtOnce() throws Exception {
    long tdeBefore = reconciliations("TdeKeyPolicy");
    long backupBefore = reconciliations("VaultBackupSchedule");

    HttpResponse<String> response = post(SECRET, "application/json", keyEvent("Microsoft.KeyVault.KeyNearExpiry", "contoso-tde", "sales-tde-20261201"));

    assertThat(response.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciliations("TdeKeyPolicy") > tdeBefore
        && reconciliations("VaultBackupSchedule") > backupBefore);
  }

  @Test
  void acceptsTheSameEventInTheCloudEventsSchema() throws Exception {
    long tdeBefore = reconciliations("TdeKeyPolicy");

    HttpResponse<String> response = post(SECRET, "application/cloudevents+json; charset=utf-8", """
        {"specversion": "1.0", "type": "Microsoft.KeyVault.KeyExpired", "source": "%s",
         "id": "%s", "time": "2026-12-01T03:00:00Z", "subject": "sales-tde-20261201",
         "data": {"Id": "https://contoso-tde.vault.azure.net/keys/sales-tde-20261201/ee059b2bb5bc48398a53b168c6cdcb10",
                  "VaultName": "contoso-tde", "ObjectType": "Key", "ObjectName": "sales-tde-20261201",
                  "Version": "ee059b2bb5bc48398a53b168c6cdcb10", "NBF": "1559081980", "EXP": "1559082102"}}"""
        .formatted(VAULT_TOPIC, UUID.randomUUID()));

    assertThat(response.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciliations("TdeKeyPolicy") > tdeBefore);
  }

  @Test
  void acknowledgesAnEventNoResourceRefersToWithoutWakingAnything() throws Exception {
    HttpResponse<String> response = post(SECRET, "application/json",
        keyEvent("Microsoft.KeyVault.KeyNearExpiry", "fabrikam", "sales-tde-20261201"));

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void refusesADeliveryWithoutOrWithAWrongSharedSecret() throws Exception {
    String event = keyEvent("Microsoft.KeyVault.KeyNearExpiry", "contoso-tde", "sales-tde-1");
    assertThat(post(null, "application/json", event).statusCode()).isEqualTo(401);
    assertThat(post(SECRET + "x", "application/json", event).statusCode()).isEqualTo(401);
    assertThat(post(SECRET, "application/json", event).body()).doesNotContain(SECRET);
  }

  @Test
  void refusesOtherEventTypesMalformedBodiesAndOtherContentTypes() throws Exception {
    assertThat(post(SECRET, "application/json", keyEvent("Microsoft.KeyVault.KeyNewVersionCreated", "contoso-tde", "k")).statusCode())
        .isEqualTo(400);
    assertThat(post(SECRET, "application/json", keyEvent("Microsoft.Storage.BlobCreated", "contoso-tde", "k")).statusCode())
        .isEqualTo(400);
    assertThat(post(SECRET, "application/json", "[{\"eventType\": \"Microsoft.KeyVault.KeyExpired\", \"data\": {\"Id\": \"x\"}}]").statusCode())
        .isEqualTo(400);
    assertThat(post(SECRET, "application/json", "{not json").statusCode()).isEqualTo(400);
    assertThat(post(SECRET, "text/plain", "[]").statusCode()).isEqualTo(400);
    assertThat(client.send(request(SECRET).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
  }

  @Test
  void refusesADeliveryOverOneMebibyteBeforeReadingIt() throws Exception {
    // A raw request announcing 2 MiB and sending a few bytes: the answer comes from the header alone.
    try (SSLSocket socket = (SSLSocket) tls.clientContext().getSocketFactory().createSocket("localhost", server.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /eventgrid?code=" + SECRET + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + (2 * EventGridServer.MAX_BODY) + "\r\n\r\n[{").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();

      assertThat(statusLine).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
    }
  }

  @Test
  void isNotServedOverPlainHttp() {
    HttpRequest plain = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/eventgrid?code=" + SECRET))
        .POST(HttpRequest.BodyPublishers.ofString("[]")).header("Content-Type", "application/json").timeout(Duration.ofSeconds(10)).build();

    assertThatThrownBy(() -> HttpClient.newHttpClient().send(plain, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
  }

  @Test
  void answers429OnceTheBurstIsSpentAndNothingRefillsIt() throws Exception {
    Clock stopped = Clock.fixed(Instant.parse("2026-12-01T03:00:00Z"), ZoneOffset.UTC);
    try (EventGridServer limited = EventGridServer.start(config, harness.operator(), stopped)) {
      HttpRequest options = HttpRequest.newBuilder(URI.create("https://localhost:" + limited.port() + "/eventgrid?code=" + SECRET))
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("WebHook-Request-Origin", "eventgrid.azure.net").build();
      for (int i = 0; i < EventGridServer.BURST; i++) {
        assertThat(client.send(options, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      }
      HttpResponse<String> over = client.send(options, HttpResponse.BodyHandlers.ofString());
      assertThat(over.statusCode()).isEqualTo(429);
      assertThat(over.headers().firstValue("Retry-After")).isPresent();
    }
  }

  static String keyEvent(String type, String vault, String key) {
    return """
        [{"id": "%s", "topic": "/subscriptions/5e6f7a8b-0000-4000-8000-000000000001/resourceGroups/tde/providers/Microsoft.KeyVault/vaults/%s",
          "subject": "%s", "eventType": "%s", "eventTime": "2026-12-01T03:00:00Z",
          "data": {"Id": "https://%s.vault.azure.net/keys/%s/ee059b2bb5bc48398a53b168c6cdcb10", "VaultName": "%s",
                   "ObjectType": "Key", "ObjectName": "%s", "Version": "ee059b2bb5bc48398a53b168c6cdcb10",
                   "NBF": "1559081980", "EXP": "1559082102"},
          "dataVersion": "1", "metadataVersion": "1"}]""".formatted(UUID.randomUUID(), vault, key, type, vault, key, vault, key);
  }

  static HttpRequest.Builder request(String secret) {
    String query = secret == null ? "" : "?code=" + secret;
    return HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/eventgrid" + query)).timeout(Duration.ofSeconds(30));
  }

  static HttpResponse<String> post(String secret, String contentType, String body) throws Exception {
    return client.send(request(secret).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static long reconciliations(String kind) {
    return Scrape.parse(harness.metrics().scrape()).named("operator_sdk_reconciliations_started_total").stream()
        .filter(s -> kind.equals(s.labels().get("kind"))).mapToLong(s -> (long) s.value()).sum();
  }
}
